package dev.handoff.testkit;

import dev.handoff.model.CallUuid;
import dev.handoff.model.Credentials;
import dev.handoff.model.Endpoint;
import dev.handoff.model.NodeId;
import dev.handoff.model.PhloId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * FakePlivoServer's model of Plivo: multi-party call nodes with their members, and live calls.
 * Answers one request as {@code plivo-api.md} describes. Thread-safe: every method holds the
 * model's lock, since MockWebServer dispatches on one thread per connection.
 */
final class PlivoModel {
  /** An answer of the model: a status and a JSON body. */
  record Reply(int status, String json) {}

  static final String CREATED_ON = "2020-08-01 09:05:11.846982+00:00";
  static final String NODE_NAME = "Multi-Party Call";

  private static final Set<String> NODE_ACTIONS = Set.of("call", "warm_transfer", "cold_transfer");
  private static final Set<String> MEMBER_ACTIONS =
      Set.of(
          "abort_transfer",
          "resume_call",
          "hold",
          "unhold",
          "hangup",
          "voicemail_drop",
          "mute",
          "unmute");
  private static final Set<String> ROLES = Set.of("agent", "customer");
  private static final Set<String> LEGS = Set.of("aleg", "bleg", "both");
  private static final Set<String> METHODS = Set.of("GET", "POST");

  private final String authId;
  private final String expectedPair;
  private final Map<String, Set<String>> nodes = new HashMap<>();
  private final Set<String> calls = new HashSet<>();

  PlivoModel(Credentials credentials) {
    this.authId = credentials.authId();
    this.expectedPair = credentials.authId() + ":" + credentials.authToken();
  }

  synchronized void addNode(PhloId phloId, NodeId nodeId, List<Endpoint> members) {
    Set<String> values = new LinkedHashSet<>();
    for (Endpoint member : members) {
      values.add(member.value());
    }
    nodes.put(key(phloId.value(), nodeId.value()), values);
  }

  synchronized void addCall(CallUuid callUuid) {
    calls.add(callUuid.value().toLowerCase(Locale.ROOT));
  }

  synchronized @Nullable List<Endpoint> members(PhloId phloId, NodeId nodeId) {
    Set<String> members = nodes.get(key(phloId.value(), nodeId.value()));
    if (members == null) {
      return null;
    }
    List<Endpoint> endpoints = new ArrayList<>(members.size());
    for (String member : members) {
      endpoints.add(new Endpoint(member));
    }
    return List.copyOf(endpoints);
  }

  /**
   * Answers a request: authentication first, then routing.
   *
   * @param segments the path's segments, percent-decoded; a trailing slash gives a last empty one
   */
  synchronized Reply handle(RecordedPlivoRequest request, List<String> segments) {
    if (!authenticated(request.header("Authorization"))) {
      return error(401, "Authentication failed");
    }
    int size = segments.size();
    if (size >= 5
        && segments.get(0).equals("v1")
        && segments.get(1).equals("phlo")
        && segments.get(3).equals("multi_party_call")) {
      String node = key(segments.get(2), segments.get(4));
      if (size == 5) {
        switch (request.method()) {
          case "POST":
            return nodeAction(node, Json.object(request.body()));
          case "GET":
            return readNode(segments.get(2), segments.get(4));
          default:
            return empty(405);
        }
      }
      if (size == 7 && segments.get(5).equals("members") && !segments.get(6).isEmpty()) {
        return request.method().equals("POST")
            ? memberAction(node, segments.get(6), Json.object(request.body()))
            : empty(405);
      }
    }
    if (size == 6
        && segments.get(0).equals("v1")
        && segments.get(1).equals("Account")
        && segments.get(3).equals("Call")
        && segments.get(5).isEmpty()) {
      return request.method().equals("POST")
          ? transferCall(segments.get(2), segments.get(4), Json.object(request.body()))
          : empty(405);
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

  private Reply nodeAction(String node, @Nullable Map<String, Object> body) {
    Set<String> members = nodes.get(node);
    if (members == null) {
      return empty(404);
    }
    if (body == null) {
      return error(400, "Invalid JSON body.");
    }
    String action = text(body, "action");
    if (action == null) {
      return mandatory("action");
    }
    if (!NODE_ACTIONS.contains(action)) {
      return invalid("action");
    }
    String to = text(body, "to");
    if (to == null) {
      return mandatory("to");
    }
    if (!isEndpoint(to)) {
      return invalid("to");
    }
    String triggerSource = text(body, "trigger_source");
    if (triggerSource == null) {
      return mandatory("trigger_source");
    }
    if (!isEndpoint(triggerSource)) {
      return invalid("trigger_source");
    }
    if (body.containsKey("role") && !ROLES.contains(String.valueOf(body.get("role")))) {
      return invalid("role");
    }
    members.add(to);
    if (action.equals("cold_transfer")) {
      members.remove(triggerSource);
    }
    return accepted(201);
  }

  private Reply memberAction(String node, String member, @Nullable Map<String, Object> body) {
    Set<String> members = nodes.get(node);
    if (members == null || !members.contains(member)) {
      return empty(404);
    }
    if (body == null) {
      return error(400, "Invalid JSON body.");
    }
    String action = text(body, "action");
    if (action == null) {
      return mandatory("action");
    }
    if (!MEMBER_ACTIONS.contains(action)) {
      return invalid("action");
    }
    if (action.equals("hangup")) {
      members.remove(member);
    }
    return accepted(201);
  }

  private Reply readNode(String phloId, String nodeId) {
    if (!nodes.containsKey(key(phloId, nodeId))) {
      return empty(404);
    }
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("api_id", UUID.randomUUID().toString());
    node.put("node_id", nodeId);
    node.put("phlo_id", phloId);
    node.put("name", NODE_NAME);
    node.put("node_type", "multi_party_call");
    node.put("created_on", CREATED_ON);
    return new Reply(200, Json.write(node));
  }

  private Reply transferCall(
      String pathAuthId, String callUuid, @Nullable Map<String, Object> body) {
    if (!pathAuthId.equals(authId) || !calls.contains(callUuid.toLowerCase(Locale.ROOT))) {
      return error(404, "not found");
    }
    if (body == null) {
      return error(400, "Invalid JSON body.");
    }
    String legs = text(body, "legs");
    if (legs == null) {
      return mandatory("legs");
    }
    if (!LEGS.contains(legs)) {
      return invalid("legs");
    }
    for (String leg : List.of("aleg", "bleg")) {
      boolean required = legs.equals(leg) || legs.equals("both");
      if (required && text(body, leg + "_url") == null) {
        return mandatory(leg + "_url");
      }
    }
    for (String field : List.of("aleg_method", "bleg_method", "callback_method")) {
      if (body.containsKey(field) && !METHODS.contains(String.valueOf(body.get(field)))) {
        return invalid(field);
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("message", "call transfered");
    answer.put("api_id", UUID.randomUUID().toString());
    return new Reply(202, Json.write(answer));
  }

  private static boolean isEndpoint(String value) {
    try {
      new Endpoint(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A string member that is present and not empty, or null. */
  private static @Nullable String text(Map<String, Object> body, String name) {
    Object value = body.get(name);
    return value instanceof String text && !text.isEmpty() ? text : null;
  }

  private static String key(String phloId, String nodeId) {
    return phloId + "/" + nodeId;
  }

  private static Reply empty(int status) {
    return new Reply(status, "{}");
  }

  private static Reply accepted(int status) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("api_id", UUID.randomUUID().toString());
    answer.put("error", "");
    return new Reply(status, Json.write(answer));
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
