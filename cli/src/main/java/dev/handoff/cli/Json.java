package dev.handoff.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.Receipt;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CLI's one-line JSON output, written by Moshi. */
final class Json {
  private static final JsonAdapter<Map<String, Object>> MAP =
      new Moshi.Builder()
          .build()
          .<Map<String, Object>>adapter(
              Types.newParameterizedType(Map.class, String.class, Object.class))
          .serializeNulls();

  private Json() {}

  /**
   * {@code {"status":201,"api_id":"…"}}, then, when Plivo sent them, {@code "message"} and {@code
   * "call_uuids"} (the legs a call transfer moved), and {@code "unreadable_body"} when the 2xx body
   * could not be read.
   */
  static String receipt(Receipt receipt) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", receipt.status());
    out.put("api_id", receipt.apiId());
    if (receipt.message() != null) {
      out.put("message", receipt.message());
    }
    if (!receipt.callUuids().isEmpty()) {
      out.put("call_uuids", receipt.callUuids());
    }
    if (receipt.unreadableBody() != null) {
      out.put("unreadable_body", receipt.unreadableBody());
    }
    return MAP.toJson(out);
  }

  /** The live call as one line, in Plivo's field names. */
  static String liveCall(LiveCall call) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("call_uuid", call.callUuid().value());
    out.put("call_status", call.callStatus());
    out.put("direction", call.direction());
    out.put("from", call.from());
    out.put("to", call.to());
    out.put("caller_name", call.callerName());
    out.put("session_start", call.sessionStart());
    out.put("bridge_uuid", call.bLegUuid());
    out.put("api_id", call.apiId());
    return MAP.toJson(out);
  }

  /** The node as one line: ids, name, type, {@code created_on} in ISO-8601, {@code api_id}. */
  static String node(MultiPartyCallNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phlo_id", node.phloId().value());
    out.put("node_id", node.nodeId().value());
    out.put("name", node.name());
    out.put("node_type", node.nodeType());
    out.put("created_on", node.createdOn() == null ? null : node.createdOn().toString());
    out.put("api_id", node.apiId());
    return MAP.toJson(out);
  }

  /** Any flat map, in its order. */
  static String of(Map<String, Object> map) {
    return MAP.toJson(map);
  }
}
