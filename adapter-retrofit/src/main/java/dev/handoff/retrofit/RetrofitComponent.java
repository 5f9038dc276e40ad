package dev.handoff.retrofit;

import dagger.BindsInstance;
import dagger.Component;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import javax.inject.Singleton;

/** The Retrofit transport's object graph; {@link RetrofitHandoff#create} hides it. */
@Singleton
@Component(modules = RetrofitModule.class)
interface RetrofitComponent {
  Handoff handoff();

  @Component.Factory
  interface Factory {
    RetrofitComponent create(@BindsInstance HandoffConfig config);
  }
}
