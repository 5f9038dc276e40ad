package dev.handoff.testkit.junit5;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.FakeClock;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.PlivoFake;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link HandoffTest}: resolves, per test, parameters of the types
 * {@link FakeCallControl}, {@link FakePlivoServer}, {@link PlivoFake}, {@link CallModel}, {@link
 * FakeClock}, {@link HandoffConfig} and {@code dev.handoff.Handoff}, all on one fresh fake (which
 * one: {@link HandoffTest#value()}, in memory when the extension is registered without the
 * annotation). They may be asked for by the test method and by its {@code @BeforeEach} methods;
 * after the test, the {@code Handoff} and the fake are closed.
 *
 * <p>The configuration has the test credentials {@link #CREDENTIALS}, Plivo's default timeouts and
 * retry policy, and base URLs that reach the fake. Asking for a type the chosen fake does not offer
 * (a {@code FakePlivoServer} in memory, a {@code Handoff} or {@code FakeClock} with the server)
 * fails the test with a {@link ParameterResolutionException} saying what to do instead.
 */
public final class HandoffExtension implements ParameterResolver, AfterEachCallback {
  /** The credentials of every configuration the extension resolves; nothing secret. */
  public static final Credentials CREDENTIALS =
      new Credentials("MATESTKIT00000000000", "testkit-token-not-a-secret");

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(HandoffExtension.class);
  private static final List<Class<?>> TYPES =
      List.of(
          FakeCallControl.class,
          FakePlivoServer.class,
          PlivoFake.class,
          CallModel.class,
          FakeClock.class,
          HandoffConfig.class,
          Handoff.class);

  /** For JUnit, which instantiates it through {@link HandoffTest} or {@code @ExtendWith}. */
  public HandoffExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "HandoffExtension resolves "
              + type.getSimpleName()
              + " per test only: ask for it in a"
              + " @Test or @BeforeEach method, not a constructor or @BeforeAll method");
    }
    Session session =
        context
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Session.class, k -> open(context), Session.class);
    return session.resolve(type);
  }

  /** Closes the test's {@code Handoff} and fake, if it asked for any. */
  @Override
  public void afterEach(ExtensionContext context) {
    Session session = context.getStore(NAMESPACE).remove(Session.class, Session.class);
    if (session != null) {
      session.close();
    }
  }

  private static Session open(ExtensionContext context) {
    HandoffTest.Fake mode = mode(context);
    if (mode == HandoffTest.Fake.SERVER) {
      FakePlivoServer server = FakePlivoServer.start(CREDENTIALS);
      return new Session(mode, server, null);
    }
    Method method = context.getRequiredTestMethod();
    boolean wantsClock = Arrays.asList(method.getParameterTypes()).contains(FakeClock.class);
    FakeClock clock = wantsClock ? FakeClock.create() : null;
    CallModel model = CallModel.create(CREDENTIALS.authId());
    FakeCallControl fake =
        clock == null ? FakeCallControl.create(model) : FakeCallControl.create(model, clock);
    return new Session(mode, fake, clock);
  }

  private static HandoffTest.Fake mode(ExtensionContext context) {
    Optional<HandoffTest> onMethod =
        AnnotationSupport.findAnnotation(context.getTestMethod(), HandoffTest.class);
    if (onMethod.isPresent()) {
      return onMethod.get().value();
    }
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = type.getEnclosingClass()) {
      Optional<HandoffTest> onClass = AnnotationSupport.findAnnotation(type, HandoffTest.class);
      if (onClass.isPresent()) {
        return onClass.get().value();
      }
    }
    return HandoffTest.Fake.IN_MEMORY;
  }

  /** One test's fake, and the Handoff on it once asked for. Used by the test's thread only. */
  private static final class Session {
    private final HandoffTest.Fake mode;
    private final PlivoFake fake;
    private final @Nullable FakeClock clock;
    private final HandoffConfig config;
    private @Nullable Handoff handoff;

    Session(HandoffTest.Fake mode, PlivoFake fake, @Nullable FakeClock clock) {
      this.mode = mode;
      this.fake = fake;
      this.clock = clock;
      this.config = fake.configBuilder(CREDENTIALS).build();
    }

    Object resolve(Class<?> type) {
      if (type == PlivoFake.class) {
        return fake;
      }
      if (type == CallModel.class) {
        return fake.model();
      }
      if (type == HandoffConfig.class) {
        return config;
      }
      if (type == FakeCallControl.class || type == FakePlivoServer.class) {
        if (!type.isInstance(fake)) {
          throw new ParameterResolutionException(
              "This test's fake is "
                  + fake.getClass().getSimpleName()
                  + " (@HandoffTest("
                  + mode
                  + ")); for a "
                  + type.getSimpleName()
                  + " use @HandoffTest("
                  + (type == FakePlivoServer.class ? "SERVER" : "IN_MEMORY")
                  + ")");
        }
        return fake;
      }
      if (type == FakeClock.class) {
        if (clock == null) {
          throw new ParameterResolutionException(
              mode == HandoffTest.Fake.SERVER
                  ? "FakePlivoServer runs on real time: a FakeClock needs @HandoffTest(IN_MEMORY)"
                  : "Declare the FakeClock parameter on the @Test method itself, so the fake is"
                      + " created with it");
        }
        return clock;
      }
      if (type == Handoff.class) {
        if (!(fake instanceof FakeCallControl)) {
          throw new ParameterResolutionException(
              "With @HandoffTest(SERVER) the testkit cannot build a Handoff (it depends on no"
                  + " transport): ask for the HandoffConfig and build one with your transport,"
                  + " e.g. RetrofitHandoff.create(config)");
        }
        if (handoff == null) {
          handoff = Handoff.create((FakeCallControl) fake, config);
        }
        return handoff;
      }
      throw new ParameterResolutionException("HandoffExtension does not resolve " + type);
    }

    void close() {
      try {
        if (handoff != null) {
          handoff.close();
        }
      } finally {
        fake.close();
      }
    }
  }
}
