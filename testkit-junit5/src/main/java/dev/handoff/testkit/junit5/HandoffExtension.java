package dev.handoff.testkit.junit5;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.model.Credentials;
import dev.handoff.testkit.CallModel;
import dev.handoff.testkit.FakeCallControl;
import dev.handoff.testkit.FakeClock;
import dev.handoff.testkit.FakePlivoServer;
import dev.handoff.testkit.PlivoFake;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link HandoffTest}: resolves, per test, parameters of the types
 * {@link FakeCallControl}, {@link FakePlivoServer}, {@link PlivoFake}, {@link CallModel}, {@link
 * FakeClock}, {@link HandoffConfig} and {@code dev.handoff.Handoff}, all on one fresh fake (which
 * one: {@link HandoffTest#value()} found on the method, the test class, its superclasses or
 * interfaces, or an enclosing class; in memory when none has it). They may be asked for by the test
 * method and by its {@code @BeforeEach} methods; after the test, the {@code Handoff} and the fake
 * are closed.
 *
 * <p>The configuration has the test credentials {@link #CREDENTIALS}, Plivo's default timeouts and
 * retry policy, and base URLs that reach the fake, then whatever the test's {@link
 * HandoffConfigurer} methods set. The {@code Handoff} runs on the in-memory fake, or, with the
 * server, is what the test's {@link HandoffFactory} builds from the configuration. Asking for a
 * type the chosen fake does not offer (a {@code FakePlivoServer} in memory, a {@code FakeClock}
 * with the server, a {@code Handoff} with the server and no factory) fails the test with a {@link
 * ParameterResolutionException} saying where the mode came from (or every type searched for {@link
 * HandoffTest}) and what to do instead.
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
    Mode mode = mode(context.getRequiredTestClass(), context.getTestMethod());
    Hooks hooks = Hooks.of(context);
    if (mode.fake() == HandoffTest.Fake.SERVER) {
      FakePlivoServer server = FakePlivoServer.start(CREDENTIALS);
      return new Session(mode, server, null, hooks);
    }
    Method method = context.getRequiredTestMethod();
    boolean wantsClock = Arrays.asList(method.getParameterTypes()).contains(FakeClock.class);
    FakeClock clock = wantsClock ? FakeClock.create() : null;
    CallModel model = CallModel.create(CREDENTIALS.authId());
    FakeCallControl fake =
        clock == null ? FakeCallControl.create(model) : FakeCallControl.create(model, clock);
    return new Session(mode, fake, clock, hooks);
  }

  /** Which fake a test gets, and where that was decided, for messages. */
  record Mode(HandoffTest.Fake fake, String origin) {}

  /**
   * The test's mode: {@link HandoffTest} on the method, else on the test class, its superclasses or
   * its interfaces ({@link HandoffTest} is {@code @Inherited}; JUnit's search also finds it
   * meta-present), else on an enclosing class and its supertypes; {@code IN_MEMORY} when none has
   * it, with the list of every type searched.
   */
  static Mode mode(Class<?> testClass, Optional<Method> method) {
    Optional<HandoffTest> onMethod = AnnotationSupport.findAnnotation(method, HandoffTest.class);
    if (onMethod.isPresent()) {
      return new Mode(
          onMethod.get().value(),
          "@HandoffTest(" + onMethod.get().value() + ") on " + method.get().getName() + "()");
    }
    Set<Class<?>> searched = new LinkedHashSet<>();
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      Optional<HandoffTest> onClass = AnnotationSupport.findAnnotation(type, HandoffTest.class);
      List<Class<?>> hierarchy = hierarchy(type);
      if (onClass.isPresent()) {
        HandoffTest found = onClass.get();
        Class<?> declaring = type;
        for (Class<?> candidate : hierarchy) {
          if (declares(candidate, found)) {
            declaring = candidate;
            break;
          }
        }
        return new Mode(
            found.value(), "@HandoffTest(" + found.value() + ") on " + declaring.getName());
      }
      searched.addAll(hierarchy);
    }
    StringBuilder where = new StringBuilder();
    for (Class<?> type : searched) {
      where.append(where.length() == 0 ? "" : ", ").append(type.getName());
    }
    return new Mode(
        HandoffTest.Fake.IN_MEMORY,
        "IN_MEMORY: no @HandoffTest on "
            + method.map(m -> m.getName() + "() nor on ").orElse("")
            + where
            + " (the extension was registered another way, with @ExtendWith say)");
  }

  /** The type, its superclasses and every interface they implement, most specific first. */
  static List<Class<?>> hierarchy(Class<?> type) {
    Set<Class<?>> classes = new LinkedHashSet<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      classes.add(c);
    }
    Set<Class<?>> all = new LinkedHashSet<>(classes);
    ArrayDeque<Class<?>> interfaces = new ArrayDeque<>();
    for (Class<?> c : classes) {
      interfaces.addAll(Arrays.asList(c.getInterfaces()));
    }
    while (!interfaces.isEmpty()) {
      Class<?> next = interfaces.poll();
      if (all.add(next)) {
        interfaces.addAll(Arrays.asList(next.getInterfaces()));
      }
    }
    return List.copyOf(all);
  }

  /** Whether {@code type} itself carries {@code found}, directly or through a composed one. */
  private static boolean declares(Class<?> type, HandoffTest found) {
    for (Annotation annotation : type.getDeclaredAnnotations()) {
      if (annotation.equals(found)
          || AnnotationSupport.findAnnotation(annotation.annotationType(), HandoffTest.class)
              .filter(found::equals)
              .isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The test's {@link HandoffConfigurer} and {@link HandoffFactory} methods, bound to the test
   * instances (outermost first) they are called on.
   */
  private static final class Hooks {
    private final List<Bound> configurers;
    private final @Nullable Bound factory;

    private Hooks(List<Bound> configurers, @Nullable Bound factory) {
      this.configurers = configurers;
      this.factory = factory;
    }

    /** A method and the instance it is called on ({@code null} for a static one). */
    private record Bound(Method method, @Nullable Object instance) {
      /** Calls it; what it throws reaches the test as thrown. */
      @Nullable Object call(Object argument) {
        return ReflectionSupport.invokeMethod(method, instance, argument);
      }

      String describe() {
        return method.getDeclaringClass().getName() + "." + method.getName() + "()";
      }
    }

    static Hooks of(ExtensionContext context) {
      List<Object> instances = context.getRequiredTestInstances().getAllInstances();
      List<Bound> configurers = new ArrayList<>();
      List<Bound> factories = new ArrayList<>();
      for (Object instance : instances) {
        List<Class<?>> hierarchy = new ArrayList<>(hierarchy(instance.getClass()));
        Collections.reverse(hierarchy); // most general first: a subclass has the last word
        Set<String> seen = new HashSet<>();
        for (Class<?> type : hierarchy) {
          for (Method method : type.getDeclaredMethods()) {
            boolean configures = AnnotationSupport.isAnnotated(method, HandoffConfigurer.class);
            boolean builds = AnnotationSupport.isAnnotated(method, HandoffFactory.class);
            if (!configures && !builds) {
              continue;
            }
            if (!seen.add(method.getName() + Arrays.toString(method.getParameterTypes()))) {
              continue; // an override of a method already bound: it runs once, virtually
            }
            Object target = Modifier.isStatic(method.getModifiers()) ? null : instance;
            if (configures) {
              check(method, HandoffConfigurer.class, HandoffConfig.Builder.class, void.class);
              configurers.add(new Bound(method, target));
            }
            if (builds) {
              check(method, HandoffFactory.class, HandoffConfig.class, Handoff.class);
              factories.add(new Bound(method, target));
            }
          }
        }
      }
      if (factories.size() > 1) {
        StringBuilder names = new StringBuilder();
        for (Bound factory : factories) {
          names.append(names.length() == 0 ? "" : ", ").append(factory.describe());
        }
        throw new ExtensionConfigurationException(
            "One @HandoffFactory per test, found " + factories.size() + ": " + names);
      }
      return new Hooks(configurers, factories.isEmpty() ? null : factories.get(0));
    }

    private static void check(
        Method method, Class<?> annotation, Class<?> parameter, Class<?> returned) {
      if (method.getParameterCount() != 1
          || method.getParameterTypes()[0] != parameter
          || method.getReturnType() != returned) {
        throw new ExtensionConfigurationException(
            "@"
                + annotation.getSimpleName()
                + " method "
                + method.getDeclaringClass().getName()
                + "."
                + method.getName()
                + "() must take one "
                + parameter.getName().replace('$', '.')
                + " and return "
                + returned.getSimpleName());
      }
    }

    HandoffConfig configure(HandoffConfig.Builder builder) {
      for (Bound configurer : configurers) {
        configurer.call(builder);
      }
      return builder.build();
    }

    /** The Handoff the test's factory builds, or null when it has none. */
    @Nullable Handoff build(HandoffConfig config) {
      if (factory == null) {
        return null;
      }
      Object built = factory.call(config);
      if (built == null) {
        throw new ParameterResolutionException(factory.describe() + " returned null");
      }
      return (Handoff) built;
    }
  }

  /**
   * The Handoff of a server-mode test that declares no {@link HandoffFactory}: the transport on the
   * test's class path or module path, found as {@code Handoff.create(HandoffConfig)} finds it.
   *
   * @throws ParameterResolutionException naming what discovery found (no transport, or several and
   *     none chosen) and how to choose
   */
  private static Handoff defaultServerHandoff(HandoffConfig config, Mode mode) {
    try {
      return Handoff.create(config);
    } catch (IllegalStateException e) {
      throw new ParameterResolutionException(
          "This test's fake is FakePlivoServer ("
              + mode.origin()
              + ") and no Handoff could be made for it: "
              + e.getMessage()
              + ". Add one transport to the test class path (handoff-adapter-retrofit, -vertx or"
              + " -jdk), choose one with a @HandoffConfigurer (builder.transport(\"jdk\")), or"
              + " declare a @HandoffFactory method",
          e);
    }
  }

  /** One test's fake, and the Handoff on it once asked for. Used by the test's thread only. */
  private static final class Session {
    private final Mode mode;
    private final PlivoFake fake;
    private final @Nullable FakeClock clock;
    private final Hooks hooks;
    private final HandoffConfig config;
    private @Nullable Handoff handoff;

    Session(Mode mode, PlivoFake fake, @Nullable FakeClock clock, Hooks hooks) {
      this.mode = mode;
      this.fake = fake;
      this.clock = clock;
      this.hooks = hooks;
      HandoffConfig configured;
      try {
        configured = hooks.configure(fake.configBuilder(CREDENTIALS));
      } catch (RuntimeException e) {
        fake.close();
        throw e;
      }
      this.config = configured;
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
                  + " ("
                  + mode.origin()
                  + "); for a "
                  + type.getSimpleName()
                  + " use @HandoffTest("
                  + (type == FakePlivoServer.class ? "SERVER" : "IN_MEMORY")
                  + ") on the test class, a superclass or interface of it, or the method");
        }
        return fake;
      }
      if (type == FakeClock.class) {
        if (clock == null) {
          throw new ParameterResolutionException(
              mode.fake() == HandoffTest.Fake.SERVER
                  ? "FakePlivoServer runs on real time: a FakeClock needs @HandoffTest(IN_MEMORY)"
                      + " ("
                      + mode.origin()
                      + ")"
                  : "Declare the FakeClock parameter on the @Test method itself, so the fake is"
                      + " created with it");
        }
        return clock;
      }
      if (type == Handoff.class) {
        if (handoff == null) {
          handoff = createHandoff();
        }
        return handoff;
      }
      throw new ParameterResolutionException("HandoffExtension does not resolve " + type);
    }

    /**
     * In memory, a Handoff on the fake, which lends itself ({@link FakeCallControl#close()} does
     * nothing): the test may build more on it and close them. Over HTTP, the test's factory's.
     */
    private Handoff createHandoff() {
      if (fake instanceof FakeCallControl inMemory) {
        return Handoff.create(inMemory, config);
      }
      Handoff built = hooks.build(config);
      return built != null ? built : defaultServerHandoff(config, mode);
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
