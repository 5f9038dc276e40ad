package dev.handoff.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.model.Address;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.WarmTransfer;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link HandoffContext} keeps its low-cardinality key values itself: every change and read of them
 * answers as Micrometer's own {@code Observation.Context} does.
 */
class HandoffContextTest {
  private static final WarmTransfer WARM =
      new WarmTransfer(
          PhloId.of("phlo-7f3a"),
          NodeId.of("node-91c2"),
          Address.of("+14152223333"),
          Address.of("+14152224444"));

  private static HandoffContext context() {
    return new HandoffOperationContext(WARM, new Shape.Cache("fake").of(WARM));
  }

  /** Applies {@code change} to both and compares every read. */
  private static void sameAfter(
      Observation.Context reference, HandoffContext handoff, Consumer<Observation.Context> change) {
    change.accept(reference);
    change.accept(handoff);
    assertThat(handoff.getLowCardinalityKeyValues())
        .containsExactlyElementsOf(reference.getLowCardinalityKeyValues());
    for (String key : List.of("a", "b", "c", "d", "e", "outcome")) {
      assertThat(handoff.getLowCardinalityKeyValue(key))
          .isEqualTo(reference.getLowCardinalityKeyValue(key));
    }
    assertThat(handoff.getAllKeyValues()).containsExactlyElementsOf(reference.getAllKeyValues());
  }

  @Test
  void addsReplacesAndRemovesAsMicrometersContextDoes() {
    Observation.Context reference = new Observation.Context();
    HandoffContext handoff = context();

    sameAfter(
        reference, handoff, c -> c.addLowCardinalityKeyValues(KeyValues.of("b", "1", "d", "2")));
    sameAfter(reference, handoff, c -> c.addLowCardinalityKeyValue(KeyValue.of("a", "3")));
    sameAfter(reference, handoff, c -> c.addLowCardinalityKeyValue(KeyValue.of("b", "4")));
    sameAfter(
        reference, handoff, c -> c.addLowCardinalityKeyValues(KeyValues.of("c", "5", "d", "6")));
    sameAfter(reference, handoff, c -> c.removeLowCardinalityKeyValue("d"));
    sameAfter(reference, handoff, c -> c.removeLowCardinalityKeyValue("nothing"));
    sameAfter(reference, handoff, c -> c.removeLowCardinalityKeyValues("a", "c"));
    sameAfter(reference, handoff, c -> c.addLowCardinalityKeyValues(KeyValues.empty()));
    sameAfter(reference, handoff, c -> c.addHighCardinalityKeyValue(KeyValue.of("e", "7")));
  }

  @Test
  void agreesWithMicrometersContextOverRandomChanges() {
    Random random = new Random(42);
    String[] keys = {"a", "b", "c", "d", "e"};
    for (int run = 0; run < 200; run++) {
      Observation.Context reference = new Observation.Context();
      HandoffContext handoff = context();
      for (int step = 0; step < 12; step++) {
        String key = keys[random.nextInt(keys.length)];
        String other = keys[random.nextInt(keys.length)];
        String value = Integer.toString(random.nextInt(3));
        switch (random.nextInt(4)) {
          case 0 ->
              sameAfter(
                  reference, handoff, c -> c.addLowCardinalityKeyValue(KeyValue.of(key, value)));
          case 1 ->
              sameAfter(
                  reference,
                  handoff,
                  c -> c.addLowCardinalityKeyValues(KeyValues.of(key, value, other, value + "x")));
          case 2 -> sameAfter(reference, handoff, c -> c.removeLowCardinalityKeyValue(key));
          default ->
              sameAfter(reference, handoff, c -> c.removeLowCardinalityKeyValues(key, other));
        }
      }
    }
  }

  /** Tags that cover every key present are kept as given: a handler sees one shared instance. */
  @Test
  void tagsThatCoverEveryKeyPresentAreKeptAsGiven() {
    HandoffContext handoff = context();
    KeyValues start = KeyValues.of("operation", "warm_transfer", "uri", "/x");
    KeyValues end = start.and("outcome", "success");

    handoff.addLowCardinalityKeyValues(start);
    assertThat(handoff.getLowCardinalityKeyValues()).isSameAs(start);
    handoff.addLowCardinalityKeyValues(end);
    assertThat(handoff.getLowCardinalityKeyValues()).isSameAs(end);
    handoff.addLowCardinalityKeyValues(KeyValues.of("outcome", "none"));
    assertThat(handoff.getLowCardinalityKeyValues())
        .containsExactly(
            KeyValue.of("operation", "warm_transfer"),
            KeyValue.of("outcome", "none"),
            KeyValue.of("uri", "/x"));
  }
}
