package dev.handoff.vertx;

import dagger.BindsInstance;
import dagger.Component;
import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/** Wires one {@link Handoff} over one HTTP client; one component per {@link VertxHandoff} call. */
@Singleton
@Component(modules = VertxModule.class)
interface VertxComponent {

  /** The Handoff, which owns the {@link VertxCallControl} and closes it. */
  Handoff handoff();

  @Component.Factory
  interface Factory {
    VertxComponent create(
        @BindsInstance HandoffConfig config,
        @BindsInstance Vertx vertx,
        @BindsInstance VertxOwnership ownership,
        @BindsInstance ApplicationOptions application);
  }
}
