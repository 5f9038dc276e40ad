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
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * FakePlivoServer's HTTP side: authentication, routing, JSON parsing and the 400s for a missing or
 * invalid field. A well-formed request becomes the typed core request and is applied to the {@link
 * CallModel}, whose answer goes back as JSON with the same status. Thread-safe: it holds no state
 * of its own besides the immutable credentials, and the model is thread-safe.
 */
final class PlivoRouter {
  /** An answer: a status and a JSON body. */
  record Reply(int status, String json) {}

  private final String authId;
  private final String expectedPair;
  private final CallModel model;

  PlivoRouter(Credentials credentials, CallModel model) {
    this.authId = credentials.authId();
    this.expectedPair = credentials.authId() + ":" + credentials.authToken();
    this.model = model;
  }

  /**
   * Answers a request: authentication first, then routing, then the model.
   *
   * @param segments the path's segments, percent-decoded; a trailing slash gives a last empty one
   */
  Reply handle(RecordedPlivoRequest request, List<String> segments) {
    if (!authenticated(request.header("Authorization"))) {
      return error(401, "Authentication failed");
    }
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
                ? empty(404)
                : nodeAction(phloId, nodeId, Json.object(request.body()));
          case "GET":
            return phloId == null || nodeId == null
                ? empty(404)
                : apply(new ReadNode(phloId, nodeId));
          default:
            return empty(405);
        }
      }
      if (size == 7 && segments.get(5).equals("members") && !segments.get(6).isEmpty()) {
        if (!request.method().equals("POST")) {
          return empty(405);
        }
        Address member = id(segments.get(6), Address::of);
        return phloId == null || nodeId == null || member == null
            ? empty(404)
            : memberAction(phloId, nodeId, member, Json.object(request.body()));
      }
    }
    if (size == 6
        && segments.get(0).equals("v1")
        && segments.get(1).equals("Account")
        && segments.get(3).equals("Call")
        && segments.get(5).isEmpty()) {
      if (!request.method().equals("POST")) {
        return empty(405);
      }
      CallUuid call = id(segments.get(4), CallUuid::of);
      if (!segments.get(2).equals(authId) || call == null) {
        return error(404, "not found");
      }
      return transferCall(segments.get(2), call, Json.object(request.body()));
    }
    return empty(404);
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

  private Reply nodeAction(PhloId phloId, NodeId nodeId, @Nullable Map<String, Object> body) {
    if (body == null) {
      return error(400, "Invalid JSON body.");
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
    if (source == null || source.equals(to)) {
      return invalid("trigger_source");
    }
    Role role = Role.AGENT;
    if (body.containsKey("role")) {
      role = wireRole(body.get("role"));
      if (role == null) {
        return invalid("role");
      }
    }
    switch (type) {
      case CALL:
        return apply(new AddMember(phloId, nodeId, source, to, role));
      case WARM_TRANSFER:
        return apply(new WarmTransfer(phloId, nodeId, source, to, role));
      case COLD_TRANSFER:
        return apply(new ColdTransfer(phloId, nodeId, source, to, role));
      default:
        throw new AssertionError(type);
    }
  }

  private Reply memberAction(
      PhloId phloId, NodeId nodeId, Address member, @Nullable Map<String, Object> body) {
    if (body == null) {
      return error(400, "Invalid JSON body.");
    }
    String action = text(body, "action");
    if (action == null) {
      return mandatory("action");
    }
    for (MemberActionType type : MemberActionType.values()) {
      if (type.wireValue().equals(action)) {
        return apply(new MemberAction(phloId, nodeId, member, type));
      }
    }
    return invalid("action");
  }

  private Reply transferCall(String pathAuthId, CallUuid call, @Nullable Map<String, Object> body) {
    if (body == null) {
      return error(400, "Invalid JSON body.");
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
    return answer(model.apply(new CallTransfer(call, moved, callback), pathAuthId));
  }

  private Reply apply(PlivoRequest request) {
    return answer(model.apply(request, authId));
  }

  private static Reply answer(PlivoResponse answer) {
    return new Reply(answer.status(), Json.write(new LinkedHashMap<>(answer.fields())));
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

  private static Reply mandatory(String param) {
    return error(400, param + " is a mandatory param.");
  }

  private static Reply invalid(String param) {
    return error(400, "Invalid value provided for " + param + ".");
  }

  private static Reply error(int status, String error) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("api_id", UUID.randomUUID().toString());
    answer.put("error", error);
    return new Reply(status, Json.write(answer));
  }
}
