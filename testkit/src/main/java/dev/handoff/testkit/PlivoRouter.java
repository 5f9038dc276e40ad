package dev.handoff.testkit;

import dev.handoff.model.AddMember;
import dev.handoff.model.Address;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.CallUuid;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Credentials;
import dev.handoff.model.Legs;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.NodeAction;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Role;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import dev.handoff.spi.PlivoResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * FakePlivoServer's HTTP side: authentication, routing, JSON parsing and the 400s for a missing or
 * invalid field. A well-formed request is {@linkplain #decode decoded} once into the typed core
 * request, which the server records and, unless a script answers, {@linkplain #handle applies} to
 * the {@link CallModel}, whose answer goes back as JSON with the same status. Thread-safe: it holds
 * no state of its own besides the immutable credentials, and the model is thread-safe.
 */
final class PlivoRouter {
  /** An answer: a status and a JSON body. */
  record Reply(int status, String json) {}

  /**
   * What one HTTP request means: the typed request it carries, when its route and body make one
   * (even when the route refuses it, a call of another account say), and the answer that refuses it
   * before the model, if any. Decoding is the only parsing: the server's typed record ({@link
   * FakePlivoServer#requests()}) and the model's input both come from it.
   */
  record Decoded(@Nullable PlivoRequest request, @Nullable Reply refusal) {
    static Decoded refused(Reply refusal) {
      return new Decoded(null, refusal);
    }

    static Decoded of(PlivoRequest request) {
      return new Decoded(request, null);
    }
  }

  private final String authId;
  private final String expectedPair;
  private final CallModel model;

  PlivoRouter(Credentials credentials, CallModel model) {
    this.authId = credentials.authId();
    this.expectedPair = credentials.authId() + ":" + credentials.authToken();
    this.model = model;
  }

  /**
   * Answers a request already {@linkplain #decode decoded}: authentication first, then the route's
   * or the body's refusal, then the model.
   */
  Reply handle(RecordedPlivoRequest request, Decoded decoded) {
    if (!authenticated(request.header("Authorization"))) {
      return unauthenticated();
    }
    if (decoded.refusal() != null) {
      return decoded.refusal();
    }
    return answer(model.apply(Objects.requireNonNull(decoded.request()), authId));
  }

  /**
   * What {@code request} means, authentication aside (the record keeps what the code under test
   * asked for, whatever its credentials).
   *
   * @param segments the path's segments, percent-decoded; a trailing slash gives a last empty one
   */
  Decoded decode(RecordedPlivoRequest request, List<String> segments) {
    int size = segments.size();
    if (size >= 5
        && segments.get(0).equals("v1")
        && segments.get(1).equals("phlo")
        && segments.get(3).equals("multi_party_call")) {
      PhloId phloId = id(segments.get(2), PhloId::of);
      NodeId nodeId = id(segments.get(4), NodeId::of);
      if (size == 5) {
        switch (request.method()) {
          case "POST":
            return phloId == null || nodeId == null
                ? Decoded.refused(empty(404))
                : nodeAction(phloId, nodeId, Json.object(request.body()));
          case "GET":
            return phloId == null || nodeId == null
                ? Decoded.refused(empty(404))
                : Decoded.of(new ReadNode(phloId, nodeId));
          default:
            return Decoded.refused(methodNotAllowed());
        }
      }
      if (size == 7 && segments.get(5).equals("members") && !segments.get(6).isEmpty()) {
        if (!request.method().equals("POST")) {
          return Decoded.refused(methodNotAllowed());
        }
        Address member = id(segments.get(6), Address::of);
        return phloId == null || nodeId == null || member == null
            ? Decoded.refused(empty(404))
            : memberAction(phloId, nodeId, member, Json.object(request.body()));
      }
    }
    if (size == 6
        && segments.get(0).equals("v1")
        && segments.get(1).equals("Account")
        && segments.get(3).equals("Call")
        && segments.get(5).isEmpty()) {
      if (request.method().equals("GET")) {
        // "Retrieve a live call": GET .../Call/{call_uuid}/?status=live.
        CallUuid call = id(segments.get(4), CallUuid::of);
        if (call == null || !segments.get(2).equals(authId)) {
          return Decoded.refused(error(404, "not found"));
        }
        return request.path().endsWith("?status=live")
            ? Decoded.of(new ReadLiveCall(call))
            : Decoded.refused(error(400, "Invalid value provided for status."));
      }
      if (!request.method().equals("POST")) {
        return Decoded.refused(methodNotAllowed());
      }
      CallUuid call = id(segments.get(4), CallUuid::of);
      Decoded transfer = call == null ? null : transferCall(call, Json.object(request.body()));
      if (!segments.get(2).equals(authId) || transfer == null) {
        // Another account's call, or no call id: Plivo's "not found", before the body's checks.
        return new Decoded(transfer == null ? null : transfer.request(), error(404, "not found"));
      }
      return transfer;
    }
    return Decoded.refused(empty(404));
  }

  private boolean authenticated(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    try {
      byte[] pair = Base64.getDecoder().decode(authorization.substring(6).trim());
      return new String(pair, StandardCharsets.UTF_8).equals(expectedPair);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Decoded nodeAction(PhloId phloId, NodeId nodeId, @Nullable Map<String, Object> body) {
    if (body == null) {
      return Decoded.refused(error(400, "Invalid JSON body."));
    }
    String action = text(body, "action");
    if (action == null) {
      return mandatory("action");
    }
    NodeAction.Type type = null;
    for (NodeAction.Type candidate : NodeAction.Type.values()) {
      if (candidate.wireValue().equals(action)) {
        type = candidate;
      }
    }
    if (type == null) {
      return invalid("action");
    }
    String toText = text(body, "to");
    if (toText == null) {
      return mandatory("to");
    }
    Address to = id(toText, Address::of);
    if (to == null) {
      return invalid("to");
    }
    String sourceText = text(body, "trigger_source");
    if (sourceText == null) {
      return mandatory("trigger_source");
    }
    Address source = id(sourceText, Address::of);
    if (source == null) {
      return invalid("trigger_source");
    }
    Role role = Role.AGENT;
    if (body.containsKey("role")) {
      role = wireRole(body.get("role"));
      if (role == null) {
        return invalid("role");
      }
    }
    // Plivo has no rule that to differ from trigger_source (its SDKs' tests send such requests);
    // the model answers them as it answers any target already in the call. Only a core that
    // cannot represent the request (its records refused them) makes it "invalid" here.
    try {
      switch (type) {
        case CALL:
          return Decoded.of(new AddMember(phloId, nodeId, source, to, role));
        case WARM_TRANSFER:
          return Decoded.of(new WarmTransfer(phloId, nodeId, source, to, role));
        case COLD_TRANSFER:
          return Decoded.of(new ColdTransfer(phloId, nodeId, source, to, role));
        default:
          throw new AssertionError(type);
      }
    } catch (IllegalArgumentException e) {
      return invalid("trigger_source");
    }
  }

  private Decoded memberAction(
      PhloId phloId, NodeId nodeId, Address member, @Nullable Map<String, Object> body) {
    if (body == null) {
      return Decoded.refused(error(400, "Invalid JSON body."));
    }
    String action = text(body, "action");
    if (action == null) {
      return mandatory("action");
    }
    for (MemberActionType type : MemberActionType.values()) {
      if (type.wireValue().equals(action)) {
        return Decoded.of(new MemberAction(phloId, nodeId, member, type));
      }
    }
    return invalid("action");
  }

  private Decoded transferCall(CallUuid call, @Nullable Map<String, Object> body) {
    if (body == null) {
      return Decoded.refused(error(400, "Invalid JSON body."));
    }
    String legs = text(body, "legs");
    if (legs == null) {
      return mandatory("legs");
    }
    if (!List.of("aleg", "bleg", "both").contains(legs)) {
      return invalid("legs");
    }
    for (String field : List.of("aleg_method", "bleg_method", "callback_method")) {
      if (body.containsKey(field) && method(body.get(field)) == null) {
        return invalid(field);
      }
    }
    WebhookUrl aLeg = null;
    WebhookUrl bLeg = null;
    for (String leg : List.of("aleg", "bleg")) {
      if (!legs.equals(leg) && !legs.equals("both")) {
        continue;
      }
      String url = text(body, leg + "_url");
      if (url == null) {
        return mandatory(leg + "_url");
      }
      WebhookUrl parsed = webhook(url, body.get(leg + "_method"));
      if (parsed == null) {
        return invalid(leg + "_url");
      }
      if (leg.equals("aleg")) {
        aLeg = parsed;
      } else {
        bLeg = parsed;
      }
    }
    WebhookUrl callback = null;
    String callbackUrl = text(body, "callback_url");
    if (callbackUrl != null) {
      callback = webhook(callbackUrl, body.get("callback_method"));
      if (callback == null) {
        return invalid("callback_url");
      }
    }
    Legs moved =
        aLeg != null && bLeg != null
            ? Legs.both(aLeg, bLeg)
            : aLeg != null ? Legs.aLeg(aLeg) : Legs.bLeg(bLeg);
    return Decoded.of(new CallTransfer(call, moved, callback));
  }

  private static Reply answer(PlivoResponse answer) {
    Map<String, Object> body = new LinkedHashMap<>(answer.fields());
    body.putAll(answer.arrays());
    return new Reply(answer.status(), Json.write(body));
  }

  /** The value as the id {@code parse} makes of it, or null when it breaks the id's rule. */
  private static <T> @Nullable T id(String value, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable Role wireRole(@Nullable Object value) {
    for (Role role : Role.values()) {
      if (role.wireValue().equals(value)) {
        return role;
      }
    }
    return null;
  }

  private static @Nullable UrlMethod method(@Nullable Object value) {
    for (UrlMethod method : UrlMethod.values()) {
      if (method.name().equals(value)) {
        return method;
      }
    }
    return null;
  }

  /** A webhook of {@code url} and the method given (POST when absent), or null when invalid. */
  private static @Nullable WebhookUrl webhook(String url, @Nullable Object methodValue) {
    UrlMethod method = methodValue == null ? UrlMethod.POST : method(methodValue);
    if (method == null) {
      return null;
    }
    try {
      return WebhookUrl.of(url, method);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A string member that is present and not empty, or null. */
  private static @Nullable String text(Map<String, Object> body, String name) {
    Object value = body.get(name);
    return value instanceof String text && !text.isEmpty() ? text : null;
  }

  private static Reply empty(int status) {
    return new Reply(status, "{}");
  }

  /** Plivo's 401: an {@code error} and no {@code api_id}, whatever was wrong. */
  static Reply unauthenticated() {
    return new Reply(401, Json.write(Map.<String, Object>of("error", Script.UNAUTHORIZED_ERROR)));
  }

  /** A known path with a method it does not take: 405, shaped as the 401 (no {@code api_id}). */
  static Reply methodNotAllowed() {
    return new Reply(
        405, Json.write(Map.<String, Object>of("error", Script.METHOD_NOT_ALLOWED_ERROR)));
  }

  private static Decoded mandatory(String param) {
    return Decoded.refused(error(400, param + " is a mandatory param."));
  }

  private static Decoded invalid(String param) {
    return Decoded.refused(error(400, "Invalid value provided for " + param + "."));
  }

  private static Reply error(int status, String error) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("api_id", UUID.randomUUID().toString());
    answer.put("error", error);
    return new Reply(status, Json.write(answer));
  }
}
