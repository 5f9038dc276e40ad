package dev.handoff.retrofit;

import dagger.BindsInstance;
import dagger.Component;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.spi.CallControl;
import jakarta.inject.Singleton;

/** The Retrofit transport's object graph; {@link RetrofitHandoff#create} hides it. */
@Singleton
@Component(modules = RetrofitModule.class)
interface RetrofitComponent {
  Handoff handoff();

  /**
   * The transport alone, for tests of the port's contract; {@link #handoff()} owns and closes it.
   */
  CallControl callControl();

  @Component.Factory
  interface Factory {
    RetrofitComponent create(
        @BindsInstance HandoffConfig config, @BindsInstance ApplicationClient application);
  }
}
