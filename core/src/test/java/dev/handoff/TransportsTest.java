package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.handoff.spi.TransportProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Handoff#create(HandoffConfig)}'s choice of transport: none, one, several, one chosen by
 * name, an unknown name. Through the package-private overload that takes the providers; the class
 * path of core's tests holds none (see {@link #theClassPathOfCoreHoldsNoTransport}).
 */
class TransportsTest {
  private static final HandoffConfig CONFIG = HandoffConfig.of(HandoffConfigTest.CREDENTIALS);

  /** A provider that counts the Handoffs it made, over a scripted transport of its name. */
  static final class Fake implements TransportProvider {
    private final String name;
    final AtomicInteger created = new AtomicInteger();

    Fake(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Handoff create(HandoffConfig config) {
      created.incrementAndGet();
      ScriptedCallControl transport = new ScriptedCallControl();
      return Handoff.create(transport, config);
    }
  }

  @Test
  void theOnlyTransportIsUsed() {
    Fake only = new Fake("only");
    try (Handoff handoff = Transports.create(CONFIG, List.of(only))) {
      assertThat(handoff).isNotNull();
    }
    assertThat(only.created).hasValue(1);
  }

  @Test
  void noTransportFailsNamingHowToAddOne() {
    assertThatIllegalStateException()
        .isThrownBy(() -> Transports.create(CONFIG, List.of()))
        .withMessageContaining("No Handoff transport found")
        .withMessageContaining("handoff-adapter-retrofit")
        .withMessageContaining("handoff-adapter-jdk")
        .withMessageContaining("Handoff.create(CallControl, HandoffConfig)");
  }

  @Test
  void theClassPathOfCoreHoldsNoTransport() {
    assertThatIllegalStateException()
        .isThrownBy(() -> Handoff.create(CONFIG))
        .withMessageContaining("No Handoff transport found");
  }

  @Test
  void severalTransportsFailNamingEachAndHowToChoose() {
    Fake a = new Fake("alpha");
    Fake b = new Fake("beta");
    assertThatIllegalStateException()
        .isThrownBy(() -> Transports.create(CONFIG, List.of(a, b)))
        .withMessageContaining("Several Handoff transports found")
        .withMessageContaining("alpha (" + Fake.class.getName() + ")")
        .withMessageContaining("beta (" + Fake.class.getName() + ")")
        .withMessageContaining(".transport(\"alpha\")")
        .withMessageContaining("own factory");
    assertThat(a.created.get() + b.created.get()).as("Handoffs created").isZero();
  }

  @Test
  void theChosenTransportIsUsedAmongSeveral() {
    Fake a = new Fake("alpha");
    Fake b = new Fake("beta");
    HandoffConfig config = CONFIG.toBuilder().transport("beta").build();
    assertThat(config.transport()).isEqualTo("beta");
    try (Handoff handoff = Transports.create(config, List.of(a, b))) {
      assertThat(handoff).isNotNull();
    }
    assertThat(a.created).hasValue(0);
    assertThat(b.created).hasValue(1);
  }

  @Test
  void anUnknownNameFailsNamingThoseFound() {
    HandoffConfig config = CONFIG.toBuilder().transport("gamma").build();
    assertThatIllegalStateException()
        .isThrownBy(() -> Transports.create(config, List.of(new Fake("alpha"))))
        .withMessageContaining("\"gamma\"")
        .withMessageContaining("alpha (" + Fake.class.getName() + ")")
        .withMessageContaining("handoff-adapter-gamma");
    assertThatIllegalStateException()
        .isThrownBy(() -> Transports.create(config, List.of()))
        .withMessageContaining("no transport was found");
  }

  @Test
  void twoTransportsOfTheChosenNameFail() {
    HandoffConfig config = CONFIG.toBuilder().transport("alpha").build();
    assertThatIllegalStateException()
        .isThrownBy(() -> Transports.create(config, List.of(new Fake("alpha"), new Fake("alpha"))))
        .withMessageContaining("Several Handoff transports are named \"alpha\"");
  }

  @Test
  void aTransportNameIsValidatedWhenBuilt() {
    assertThat(HandoffConfig.of(HandoffConfigTest.CREDENTIALS).transport()).isNull();
    for (String bad : List.of("", "Retrofit", "has space", "-x", "a".repeat(41))) {
      assertThatIllegalArgumentException()
          .as(bad)
          .isThrownBy(() -> CONFIG.toBuilder().transport(bad).build())
          .withMessageStartingWith("transport must be a transport's name");
    }
    assertThat(CONFIG.toBuilder().transport("jdk").build().toBuilder().build().transport())
        .isEqualTo("jdk");
    assertThat(CONFIG.toBuilder().transport("jdk").transport(null).build().transport()).isNull();
  }
}
