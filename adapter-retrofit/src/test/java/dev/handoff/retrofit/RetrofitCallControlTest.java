package dev.handoff.retrofit;

import static dev.handoff.retrofit.Fixtures.NODE_ID;
import static dev.handoff.retrofit.Fixtures.PHLO_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.model.Delivery;
import dev.handoff.model.ReadNode;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.CallControl;
import dev.handoff.spi.PlivoAnswer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The port itself, below Handoff: raw answers, and what happens after close. */
@Timeout(30)
class RetrofitCallControlTest {
  private MockWebServer server;
  private CallControl callControl;

  @BeforeEach
  void setUp() {
    server = Fixtures.startServer();
    callControl =
        DaggerRetrofitComponent.factory()
            .create(Fixtures.config(server.getPort()).build())
            .callControl();
  }

  @AfterEach
  void tearDown() {
    callControl.close();
    server.close();
  }

  @Test
  void anyStatusIsAnAnswer() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("Retry-After", "3")
            .body("{\"api_id\": \"a\", \"error\": \"busy\"}")
            .build());

    PlivoAnswer answer =
        callControl.readNode(new ReadNode(PHLO_ID, NODE_ID)).get(5, TimeUnit.SECONDS);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.retryAfter()).isEqualTo("3");
    assertThat(answer.field("error")).isEqualTo("busy");
  }

  @Test
  void operationAfterCloseIsNotSent() {
    callControl.close();
    callControl.close();

    CompletableFuture<PlivoAnswer> future = callControl.readNode(new ReadNode(PHLO_ID, NODE_ID));

    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            TransportFailureException.class,
            e -> assertThat(e.delivery()).isEqualTo(Delivery.NOT_SENT));
    assertThat(server.getRequestCount()).isZero();
  }
}
