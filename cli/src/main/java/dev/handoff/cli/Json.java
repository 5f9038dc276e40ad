package dev.handoff.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
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

  /** {@code {"status":201,"api_id":"…"}}. */
  static String receipt(Receipt receipt) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", receipt.status());
    out.put("api_id", receipt.apiId());
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
