package dev.handoff;

import dev.handoff.internal.Checks;
import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.Credentials;
import dev.handoff.model.Delivery;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.NodeId;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.NotPermittedException;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoErrorException;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.PlivoUnavailableException;
import dev.handoff.model.RateLimitedException;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.spi.PlivoAnswer;
import dev.handoff.spi.Wire;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Gives a {@link PlivoAnswer} its meaning: a receipt, a node, or the {@link PlivoErrorException}
 * for its status. Written once, so every transport and fake reports the same thing.
 */
final class Answers {
  private static final int TEXT_LIMIT = 160;
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern SPACE = Pattern.compile("[\\s\\p{Cntrl}]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private final List<String> secrets;
  private final Clock clock;

  /**
   * Redacts the Auth Token and the Base64 credentials of the {@code Authorization} header, which a
   * server or proxy echoing the request's headers would otherwise put into a message.
   */
  Answers(Credentials credentials, Clock clock) {
    this(clock, credentials.authToken(), Wire.basicAuth(credentials).substring("Basic ".length()));
  }

  Answers(String secret, Clock clock) {
    this(clock, secret);
  }

  private Answers(Clock clock, String... secrets) {
    this.secrets = List.of(secrets);
    this.clock = clock;
  }

  /** A receipt for a 2xx answer whose {@code error} is empty; otherwise the answer's exception. */
  Receipt receipt(PlivoRequest request, PlivoAnswer answer) {
    failIfError(request, answer);
    return new Receipt(answer.status(), text(answer.field("api_id")));
  }

  /** The node a 2xx answer describes; otherwise the answer's exception. */
  MultiPartyCallNode node(ReadNode request, PlivoAnswer answer) {
    failIfError(request, answer);
    if (answer.fields().isEmpty()) {
      throw unreadable(request, answer, "its body is not a JSON object");
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
      throw unreadable(request, answer, e.getMessage());
    }
  }

  /** Parses Plivo's {@code 2020-08-01 09:05:11.846982+00:00}, or the ISO-8601 form. */
  static OffsetDateTime createdOn(String value) {
    return OffsetDateTime.parse(value.trim().replace(' ', 'T'));
  }

  private void failIfError(PlivoRequest request, PlivoAnswer answer) {
    int status = answer.status();
    String error = text(answer.field("error"));
    if (status >= 200 && status <= 299 && (error == null || error.isEmpty())) {
      return;
    }
    throw error(request, answer);
  }

  /** The exception for an answer that is not a success. */
  PlivoErrorException error(PlivoRequest request, PlivoAnswer answer) {
    String operation = request.operation();
    int status = answer.status();
    String apiId = text(answer.field("api_id"));
    String error = text(answer.field("error"));
    if (error != null && error.isEmpty()) {
      error = null;
    }
    String excerpt = answer.nonJsonBody() == null ? null : excerpt(answer.nonJsonBody());
    if (status == 401) {
      return new AuthenticationFailedException(operation, status, apiId, error, excerpt);
    }
    if (status == 403) {
      return new NotPermittedException(operation, status, apiId, error, excerpt);
    }
    if (status == 404) {
      return new NotFoundException(operation, status, apiId, error, excerpt);
    }
    if (status == 429) {
      return new RateLimitedException(operation, apiId, error, excerpt, retryAfter(answer));
    }
    if (status >= 500) {
      return new PlivoUnavailableException(
          operation, status, apiId, error, excerpt, retryAfter(answer));
    }
    return new RejectedException(operation, status, apiId, error, excerpt);
  }

  private TransportFailureException unreadable(
      PlivoRequest request, PlivoAnswer answer, @Nullable String why) {
    return new TransportFailureException(
        Delivery.UNKNOWN,
        request.operation()
            + " got HTTP "
            + answer.status()
            + " but the answer could not be read: "
            + (why == null ? "unknown reason" : clean(why)),
        null);
  }

  /** The {@code Retry-After} delay: whole seconds or an HTTP date; null when absent or invalid. */
  @Nullable Duration retryAfter(PlivoAnswer answer) {
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

  /** A short excerpt of a body that is not JSON: tags dropped, white space collapsed. */
  String excerpt(String body) {
    if (body.length() >= PlivoAnswer.EXCERPT_LIMIT) {
      body = redactCutSecret(body);
    }
    String text = body.indexOf('<') >= 0 ? TAG.matcher(body).replaceAll(" ") : body;
    return clean(SPACE.matcher(text).replaceAll(" ").trim());
  }

  /**
   * A transport keeps only the first {@link PlivoAnswer#EXCERPT_LIMIT} characters of a body that is
   * not JSON; a secret the server echoed across that cut ends the text as a prefix of itself, which
   * whole-secret redaction cannot see. Masks such a tail.
   */
  private String redactCutSecret(String text) {
    for (String secret : secrets) {
      for (int length = Math.min(secret.length() - 1, text.length()); length > 0; length--) {
        if (text.regionMatches(text.length() - length, secret, 0, length)) {
          return text.substring(0, text.length() - length) + "****";
        }
      }
    }
    return text;
  }

  private String clean(String value) {
    String redacted = value;
    for (String secret : secrets) {
      redacted = redacted.replace(secret, "****");
    }
    return Checks.sanitize(redacted, TEXT_LIMIT);
  }
}
