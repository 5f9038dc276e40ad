package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.internal.Failures;
import dev.handoff.internal.Redactor;
import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.PlivoResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Gives a {@link PlivoResponse} its meaning: a receipt, a node, or the {@link PlivoErrorException}
 * for its status. Written once, so every transport and fake reports the same thing.
 */
final class Responses {
  private static final int TEXT_LIMIT = 160;
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern SPACE = Pattern.compile("[\\s\\p{Cntrl}]+");
  private static final Pattern HTML =
      Pattern.compile(
          "\\s*(<!doctype\\s+html|<html|<head|<body|<title|<h1|<center)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private final Redactor redactor;
  private final Clock clock;

  /**
   * Redacts the Auth Token and the Base64 credentials of the {@code Authorization} header (see
   * {@link Redactor}), which a server or proxy echoing the request's headers would otherwise put
   * into a message.
   */
  Responses(Credentials credentials, Clock clock) {
    this(Redactor.of(credentials), clock);
  }

  /** As {@link #Responses(Credentials, Clock)}, masking the proxy's password too. */
  Responses(HandoffConfig config, Clock clock) {
    this(Redactor.of(config), clock);
  }

  Responses(String secret, Clock clock) {
    this(Redactor.of(secret), clock);
  }

  private Responses(Redactor redactor, Clock clock) {
    this.redactor = redactor;
    this.clock = clock;
  }

  /** What masks this account's secrets in every message made of a peer's bytes. */
  Redactor redactor() {
    return redactor;
  }

  /**
   * A receipt for a 2xx answer whose {@code error} is empty, whatever else its body holds (a 2xx
   * means Plivo accepted; a body that could not be read is noted in the receipt); otherwise the
   * answer's exception.
   */
  Receipt receipt(PlivoRequest request, PlivoResponse answer) {
    failIfError(request, answer);
    List<String> callUuids = answer.array("call_uuids");
    if (!callUuids.isEmpty()) {
      List<String> cleaned = new ArrayList<>(callUuids.size());
      for (String uuid : callUuids) {
        cleaned.add(clean(uuid));
      }
      callUuids = cleaned;
    }
    return new Receipt(
        answer.status(),
        text(answer.field("api_id")),
        text(answer.field("message")),
        callUuids,
        unreadableBody(answer));
  }

  /** Why a 2xx answer's body could not be read, or null when it was read (or was empty). */
  private static @Nullable String unreadableBody(PlivoResponse answer) {
    if (answer.unreadBody() != null) {
      return answer.unreadBody();
    }
    return answer.nonJsonBody() != null ? "the body is not a JSON object" : null;
  }

  /** The live call a 2xx answer describes; otherwise the answer's exception. */
  LiveCall liveCall(ReadLiveCall request, PlivoResponse answer) {
    failIfError(request, answer);
    if (answer.fields().isEmpty()) {
      throw unreadable(request, answer, describeUnread(answer));
    }
    String callUuid = answer.field("call_uuid");
    try {
      return new LiveCall(
          callUuid == null ? request.callUuid() : new CallUuid(callUuid),
          text(answer.field("call_status")),
          text(answer.field("direction")),
          text(answer.field("from")),
          text(answer.field("to")),
          text(answer.field("caller_name")),
          text(answer.field("session_start")),
          text(answer.field("bridge_uuid")),
          text(answer.field("api_id")));
    } catch (IllegalArgumentException e) {
      throw unreadable(
          request,
          answer,
          holdsSecret(answer, "call_uuid")
              ? "a field echoes the request's credentials"
              : e.getMessage());
    }
  }

  private static String describeUnread(PlivoResponse answer) {
    String unread = answer.unreadBody();
    return unread != null ? unread : "its body is not a JSON object";
  }

  /** The node a 2xx answer describes; otherwise the answer's exception. */
  MultiPartyCallNode node(ReadNode request, PlivoResponse answer) {
    failIfError(request, answer);
    if (answer.fields().isEmpty()) {
      throw unreadable(request, answer, describeUnread(answer));
    }
    try {
      String phloId = answer.field("phlo_id");
      String nodeId = answer.field("node_id");
      String createdOn = answer.field("created_on");
      return new MultiPartyCallNode(
          phloId == null ? request.phloId() : new PhloId(phloId),
          nodeId == null ? request.nodeId() : new NodeId(nodeId),
          text(answer.field("name")),
          text(answer.field("node_type")),
          createdOn == null || createdOn.isEmpty() ? null : createdOn(createdOn),
          text(answer.field("api_id")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // An id's message quotes at most 80 characters of the value, which may cut an echoed secret
      // so that clean() cannot see it whole: such a value is not described.
      throw unreadable(
          request,
          answer,
          holdsSecret(answer, "phlo_id", "node_id", "created_on")
              ? "a field echoes the request's credentials"
              : e.getMessage());
    }
  }

  private boolean holdsSecret(PlivoResponse answer, String... fields) {
    for (String field : fields) {
      String value = answer.field(field);
      if (value != null && redactor.holdsSecret(value)) {
        return true;
      }
    }
    return false;
  }

  /** Parses Plivo's {@code 2020-08-01 09:05:11.846982+00:00}, or the ISO-8601 form. */
  static OffsetDateTime createdOn(String value) {
    return OffsetDateTime.parse(value.trim().replace(' ', 'T'));
  }

  private void failIfError(PlivoRequest request, PlivoResponse answer) {
    PlivoErrorException failure = failure(request, answer);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The exception a response means, or null for a success: a 2xx whose {@code error} is empty or
   * absent.
   */
  @Nullable PlivoErrorException failure(PlivoRequest request, PlivoResponse answer) {
    return answer.isSuccess() ? null : error(request, answer);
  }

  /** The exception for a response that is not a success. */
  PlivoErrorException error(PlivoRequest request, PlivoResponse answer) {
    int status = answer.status();
    String error = text(answer.field("error"));
    if (error != null && error.isEmpty()) {
      error = null;
    }
    String body = answer.nonJsonBody();
    String excerpt = body == null ? null : describeBody(body);
    Duration retryAfter = status == 429 || status >= 500 ? retryAfter(answer) : null;
    return Failures.get()
        .plivoError(request, status, text(answer.field("api_id")), error, excerpt, retryAfter);
  }

  private TransportFailureException unreadable(
      PlivoRequest request, PlivoResponse answer, @Nullable String why) {
    return Failures.get()
        .transportFailure(
            request,
            Delivery.UNKNOWN,
            request.displayName()
                + " got HTTP "
                + answer.status()
                + " but the answer could not be read: "
                + (why == null ? "unknown reason" : clean(why)),
            null);
  }

  /** The {@code Retry-After} delay: whole seconds or an HTTP date; null when absent or invalid. */
  @Nullable Duration retryAfter(PlivoResponse answer) {
    String header = answer.retryAfter();
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (DIGITS.matcher(value).matches()) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    try {
      ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), date.toInstant());
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Plivo's text, cleaned for a message: control characters escaped, short, no secret. */
  private @Nullable String text(@Nullable String value) {
    return value == null ? null : clean(value);
  }

  /**
   * How a body that is not JSON reads in a message: {@code body "oops"}, or, for an HTML page,
   * which Plivo never answers but a proxy or load balancer in between does, {@code an HTML page,
   * not Plivo's JSON (likely from a proxy or load balancer): "502 Bad Gateway nginx"}.
   */
  String describeBody(String body) {
    String excerpt = excerpt(body);
    return HTML.matcher(body).lookingAt()
        ? "an HTML page, not Plivo's JSON (likely from a proxy or load balancer): \""
            + excerpt
            + '"'
        : "body \"" + excerpt + '"';
  }

  /** A short excerpt of a body that is not JSON: tags dropped, white space collapsed. */
  String excerpt(String body) {
    if (body.length() >= PlivoResponse.EXCERPT_LIMIT) {
      // A transport keeps only the first EXCERPT_LIMIT characters of a body that is not JSON: a
      // secret echoed across that cut ends the text as a prefix of itself.
      body = redactor.redactCut(body);
    }
    String text = body.indexOf('<') >= 0 ? TAG.matcher(body).replaceAll(" ") : body;
    return clean(SPACE.matcher(text).replaceAll(" ").trim());
  }

  /**
   * {@code value} cleaned for a message: every secret masked, control characters escaped, short.
   */
  String clean(String value) {
    return Checks.sanitize(redactor.redact(value), TEXT_LIMIT);
  }
}
