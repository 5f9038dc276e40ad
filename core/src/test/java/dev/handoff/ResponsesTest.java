package dev.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.Delivery;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NodeId;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.PlivoResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponsesTest {
  private static final String TOKEN = HandoffConfigTest.TOKEN;
  private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
  private static final Responses ANSWERS = new Responses(TOKEN, Clock.fixed(NOW, ZoneOffset.UTC));
  private static final WarmTransfer WARM =
      WarmTransfer.builder()
          .phloId("phlo-1")
          .nodeId("node-1")
          .triggerSource("+14152223333")
          .to("+14152225555")
          .build();
  private static final ReadNode READ = new ReadNode(PhloId.of("phlo-1"), NodeId.of("node-1"));

  @Test
  void seed2xxIsAReceiptWithTheApiId() {
    Receipt receipt =
        ANSWERS.receipt(
            WARM, json(201, null, "api_id", "faad0293-f5f0-487e-8ff7-b45ba6c45b25", "error", ""));
    assertThat(receipt).isEqualTo(new Receipt(201, "faad0293-f5f0-487e-8ff7-b45ba6c45b25"));
    assertThat(
            ANSWERS.receipt(
                WARM, json(202, null, "message", "call transfered", "api_id", "08c94608")))
        .isEqualTo(new Receipt(202, "08c94608", "call transfered", List.of(), null));
  }

  @Test
  void non2xxJsonOr2xxWithoutBodyIsAReceiptWithoutApiId() {
    assertThat(ANSWERS.receipt(WARM, PlivoResponse.text(200, null, "Created")))
        .isEqualTo(new Receipt(200, null, null, List.of(), "the body is not a JSON object"));
    assertThat(ANSWERS.receipt(WARM, PlivoResponse.text(204, null, "")))
        .isEqualTo(new Receipt(204, null));
  }

  @Test
  void a2xxWithAnErrorIsARefusal() {
    RejectedException e =
        catchThrowableOfType(
            RejectedException.class,
            () ->
                ANSWERS.receipt(
                    WARM,
                    json(201, null, "api_id", "a1", "error", "Invalid value provided for to.")));
    assertThat(e.status()).isEqualTo(201);
    assertThat(e.plivoError()).isEqualTo("Invalid value provided for to.");
    assertThat(e.apiId()).isEqualTo("a1");
    assertThat(e)
        .hasMessage(
            "Plivo rejected warm transfer: HTTP 201, error \"Invalid value provided for to.\","
                + " api_id a1");
  }

  @Test
  void http401() {
    AuthenticationFailedException e =
        fails(
            AuthenticationFailedException.class, json(401, null, "error", "Authentication failed"));
    assertThat(e.status()).isEqualTo(401);
    assertThat(e)
        .hasMessage(
            "Plivo rejected the credentials for warm transfer: HTTP 401, error \"Authentication"
                + " failed\"");
  }

  @Test
  void http403() {
    NotPermittedException e = fails(NotPermittedException.class, json(403, null, "api_id", "x"));
    assertThat(e).hasMessage("Plivo did not permit warm transfer: HTTP 403, api_id x");
  }

  @Test
  void http404WithAnEmptyObject() {
    NotFoundException e = fails(NotFoundException.class, PlivoResponse.json(404, null, Map.of()));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.apiId()).isNull();
    assertThat(e.plivoError()).isNull();
    assertThat(e)
        .hasMessage(
            "Plivo found no such PHLO, node, member or live call for warm transfer: HTTP 404");
  }

  @Test
  void http400CarriesPlivosText() {
    RejectedException e =
        fails(
            RejectedException.class,
            json(400, null, "api_id", "b2", "error", "to is a mandatory param."));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.plivoError()).isEqualTo("to is a mandatory param.");
    assertThat(e.apiId()).isEqualTo("b2");
  }

  @ParameterizedTest
  @ValueSource(ints = {402, 405, 409, 410, 413, 418, 422})
  void otherClientErrorsAreRejections(int status) {
    assertThat(fails(RejectedException.class, json(status, null, "error", "no")).status())
        .isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 304, 307})
  void redirectsAreRejections(int status) {
    assertThat(fails(RejectedException.class, PlivoResponse.text(status, null, "")).status())
        .isEqualTo(status);
  }

  @Test
  void http429WithRetryAfterSeconds() {
    RateLimitedException e = fails(RateLimitedException.class, json(429, " 7 ", "error", "slow"));
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(e)
        .hasMessage(
            "Plivo rate-limited warm transfer (retry after 7000 ms): HTTP 429, error \"slow\"");
  }

  @Test
  void http429WithRetryAfterDate() {
    RateLimitedException e =
        fails(RateLimitedException.class, json(429, "Fri, 01 Mar 2024 12:00:09 GMT"));
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(9));
    RateLimitedException past =
        fails(RateLimitedException.class, json(429, "Fri, 01 Mar 2024 11:59:00 GMT"));
    assertThat(past.retryAfter()).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-1", "1.5", "9999999999", "2024-03-01T12:00:09Z"})
  void http429WithAnUnreadableRetryAfterHasNone(String header) {
    assertThat(fails(RateLimitedException.class, json(429, header)).retryAfter()).isNull();
    assertThat(fails(RateLimitedException.class, json(429, null)).retryAfter()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 599})
  void serverErrorsAreUnavailable(int status) {
    PlivoUnavailableException e =
        fails(PlivoUnavailableException.class, PlivoResponse.text(status, "2", "oops"));
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(e.getMessage())
        .startsWith(
            status == 503
                ? "Plivo could not take warm transfer now and did not perform it (retry after 2000"
                    + " ms): HTTP 503"
                : "Plivo answered warm transfer with a server error: HTTP " + status);
    assertThat(e.mayHaveTakenEffect()).isEqualTo(status != 503);
    assertThat(e.isSafeToResend()).isEqualTo(status == 503);
    assertThat(e.getMessage().endsWith("; the outcome is unknown: Plivo may have performed it"))
        .isEqualTo(status != 503);
    assertThat(
            fails(PlivoUnavailableException.class, PlivoResponse.text(status, null, ""))
                .retryAfter())
        .isNull();
  }

  @Test
  void htmlBodiesBecomeAShortExcerptWithoutTags() {
    String html =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
            + "</body>\r\n</html>";
    PlivoUnavailableException e =
        fails(PlivoUnavailableException.class, PlivoResponse.text(502, null, html));
    assertThat(e.plivoError()).isNull();
    assertThat(e)
        .hasMessage(
            "Plivo answered warm transfer with a server error: HTTP 502, an HTML page, not"
                + " Plivo's JSON (likely from a proxy or load balancer): \"502 Bad Gateway 502 Bad"
                + " Gateway nginx\"; the outcome is unknown: Plivo may have performed it");

    String longPage = "<p>" + "word ".repeat(200) + "</p>";
    String message =
        fails(PlivoUnavailableException.class, PlivoResponse.text(503, null, longPage))
            .getMessage();
    String body = message.substring(message.indexOf("body \"") + 6, message.lastIndexOf('"'));
    assertThat(body).doesNotContain("<", ">").endsWith("...").hasSizeLessThanOrEqualTo(163);
  }

  @Test
  void controlCharactersInPlivosTextAreEscaped() {
    RejectedException e =
        fails(
            RejectedException.class,
            json(400, null, "api_id", "a\nb", "error", "bad\r\nX-Forged: yes\u0007\u202e"));
    assertThat(e.plivoError()).isEqualTo("bad\\r\\nX-Forged: yes\\u0007\\u202e");
    assertThat(e.apiId()).isEqualTo("a\\nb");
    assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u0007", "\u202e");
  }

  @Test
  void aTokenEchoedByTheServerIsRedacted() {
    RejectedException e =
        fails(
            RejectedException.class,
            json(400, null, "api_id", TOKEN, "error", "invalid token " + TOKEN + " given"));
    assertThat(e.plivoError()).isEqualTo("invalid token **** given");
    assertThat(e.apiId()).isEqualTo("****");
    assertThat(e.getMessage()).doesNotContain(TOKEN);

    AuthenticationFailedException html =
        fails(
            AuthenticationFailedException.class,
            PlivoResponse.text(
                401, null, "<p>bad credentials MAODU5ZTLKNDK2MTQ2MD:" + TOKEN + "</p>"));
    assertThat(html.getMessage()).doesNotContain(TOKEN).contains("****");
  }

  @Test
  void anUpperCasedTokenAndItsBase64AreRedacted() {
    String upper = TOKEN.toUpperCase(Locale.ROOT);
    String base64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
    AuthenticationFailedException e =
        fails(
            AuthenticationFailedException.class,
            json(401, null, "api_id", base64, "error", "token " + base64 + " is not " + upper));
    assertThat(e.plivoError()).isEqualTo("token **** is not ****");
    assertThat(e.apiId()).isEqualTo("****");
    assertThat(e.getMessage()).doesNotContainIgnoringCase(TOKEN).doesNotContain(base64);

    AuthenticationFailedException html =
        fails(
            AuthenticationFailedException.class,
            PlivoResponse.text(401, null, "<p>" + upper + " / " + base64 + "</p>"));
    assertThat(html.getMessage())
        .contains("body \"**** / ****\"")
        .doesNotContainIgnoringCase(TOKEN)
        .doesNotContain(base64);
  }

  @Test
  void aNodeFieldEchoingTheTokenIsNotQuotedWhereItsCutWouldHideIt() {
    // PhloId's message quotes 80 characters of the value: the token would straddle that cut.
    String phloId = "p".repeat(70) + TOKEN;
    TransportFailureException e =
        catchThrowableOfType(
            TransportFailureException.class,
            () ->
                ANSWERS.node(
                    READ, json(200, null, "phlo_id", phloId, "node_id", "node-1", "api_id", "a")));
    assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN);
    assertThat(e)
        .hasMessage(
            "read node got HTTP 200 but the answer could not be read: a field echoes the"
                + " request's credentials; a read changes nothing, so it is safe to send again");
  }

  @Test
  void aTokenCutInHalfByTheExcerptLimitIsRedacted() {
    // A transport keeps the first 512 characters of a body that is not JSON: the echoed token
    // straddles the cut, so only its first half reaches Handoff.
    // Tags as padding: stripped from the excerpt, so the cut tail would reach the message.
    String half = TOKEN.substring(0, TOKEN.length() / 2);
    String tail = " token=" + half;
    String body = "<i>".repeat((PlivoResponse.EXCERPT_LIMIT - tail.length()) / 3);
    body = body + "x".repeat(PlivoResponse.EXCERPT_LIMIT - tail.length() - body.length()) + tail;
    assertThat(body).hasSize(PlivoResponse.EXCERPT_LIMIT);

    String excerpt = ANSWERS.excerpt(body);

    assertThat(excerpt).endsWith("token=****").doesNotContain(half);
  }

  @Test
  void anAuthorizationHeaderEchoedByTheServerIsRedacted() {
    Responses answers =
        new Responses(HandoffConfigTest.CREDENTIALS, Clock.fixed(NOW, ZoneOffset.UTC));
    String basic =
        Base64.getEncoder()
            .encodeToString(("MAODU5ZTLKNDK2MTQ2MD:" + TOKEN).getBytes(StandardCharsets.UTF_8));

    RejectedException json =
        catchThrowableOfType(
            RejectedException.class,
            () ->
                answers.receipt(
                    WARM, json(400, null, "error", "bad header Authorization: Basic " + basic)));
    RejectedException text =
        catchThrowableOfType(
            RejectedException.class,
            () ->
                answers.receipt(
                    WARM, PlivoResponse.text(400, null, "echo: Authorization: Basic " + basic)));

    assertThat(json.plivoError()).isEqualTo("bad header Authorization: Basic ****");
    assertThat(json.getMessage()).doesNotContain(basic);
    assertThat(text.getMessage()).doesNotContain(basic).contains("Basic ****");
  }

  @Test
  void plivosTextIsKeptShort() {
    RejectedException e =
        fails(RejectedException.class, json(400, null, "error", "e".repeat(1000)));
    assertThat(e.plivoError()).hasSize(163).endsWith("...");
  }

  @Test
  void nodeIsDecodedWithMicrosecondsAndOffset() {
    PlivoResponse answer =
        json(
            200,
            null,
            "api_id",
            "c3",
            "node_id",
            "node-1",
            "phlo_id",
            "phlo-1",
            "name",
            "Multi-Party Call_1",
            "node_type",
            "multi_party_call",
            "created_on",
            "2020-08-01 09:05:11.846982+00:00");
    MultiPartyCallNode node = ANSWERS.node(READ, answer);
    assertThat(node)
        .isEqualTo(
            new MultiPartyCallNode(
                PhloId.of("phlo-1"),
                NodeId.of("node-1"),
                "Multi-Party Call_1",
                "multi_party_call",
                OffsetDateTime.of(2020, 8, 1, 9, 5, 11, 846_982_000, ZoneOffset.UTC),
                "c3"));
    assertThat(Responses.createdOn("2021-01-02 03:04:05.000001+05:30"))
        .isEqualTo(OffsetDateTime.of(2021, 1, 2, 3, 4, 5, 1_000, ZoneOffset.ofHoursMinutes(5, 30)));
    assertThat(Responses.createdOn("2021-01-02T03:04:05Z"))
        .isEqualTo(OffsetDateTime.of(2021, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
  }

  @Test
  void aNodeWithoutOptionalFieldsTakesTheRequestsIds() {
    MultiPartyCallNode node = ANSWERS.node(READ, json(200, null, "api_id", "c3"));
    assertThat(node)
        .isEqualTo(
            new MultiPartyCallNode(
                PhloId.of("phlo-1"), NodeId.of("node-1"), null, null, null, "c3"));
  }

  @Test
  void aBadNodeIsAnUnknownTransportFailure() {
    for (PlivoResponse bad :
        new PlivoResponse[] {
          json(200, null, "created_on", "yesterday"),
          json(200, null, "phlo_id", "../../x"),
          json(200, null, "node_id", "a b\r\n"),
          PlivoResponse.text(200, null, "<html>ok</html>"),
          PlivoResponse.json(200, null, Map.of())
        }) {
      TransportFailureException e =
          catchThrowableOfType(TransportFailureException.class, () -> ANSWERS.node(READ, bad));
      assertThat(e).as(bad.toString()).isNotNull();
      assertThat(e.delivery()).isEqualTo(Delivery.UNKNOWN);
      assertThat(e.getMessage())
          .startsWith("read node got HTTP 200 but the answer could not be read: ")
          .doesNotContain("\r", "\n");
    }
  }

  @Test
  void aNodeReadThatFailsIsMappedLikeAnyOther() {
    NotFoundException e =
        catchThrowableOfType(
            NotFoundException.class,
            () -> ANSWERS.node(READ, PlivoResponse.json(404, null, Map.of())));
    assertThat(e).hasMessageContaining("read node");
    assertThat(e.mayHaveTakenEffect()).isFalse();
  }

  private static <E extends PlivoErrorException> E fails(Class<E> type, PlivoResponse answer) {
    E thrown = catchThrowableOfType(type, () -> ANSWERS.receipt(WARM, answer));
    assertThat(thrown).as("receipt of " + answer + " throws " + type.getSimpleName()).isNotNull();
    assertThat(ANSWERS.error(WARM, answer)).isExactlyInstanceOf(type);
    return thrown;
  }

  private static PlivoResponse json(int status, String retryAfter, String... pairs) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      body.put(pairs[i], pairs[i + 1]);
    }
    return PlivoResponse.json(status, retryAfter, body);
  }
}
