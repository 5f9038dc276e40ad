package dev.handoff.opentelemetry;

import dev.handoff.model.CallTransfer;
import dev.handoff.model.MemberAction;
import dev.handoff.model.NodeAction;
import dev.handoff.model.PlivoRequest;
import dev.handoff.model.ReadNode;

/**
 * The HTTP method and URI template of a request, as {@code docs/plivo-api.md} lists Plivo's routes:
 * the template, never the path, which holds the Auth ID and phone numbers.
 */
enum Route {
  NODE_ACTION("POST", "/v1/phlo/{phlo_id}/multi_party_call/{node_id}"),
  MEMBER_ACTION("POST", "/v1/phlo/{phlo_id}/multi_party_call/{node_id}/members/{member_address}"),
  READ_NODE("GET", "/v1/phlo/{phlo_id}/multi_party_call/{node_id}"),
  CALL_TRANSFER("POST", "/v1/Account/{auth_id}/Call/{call_uuid}/");

  final String method;
  final String template;

  Route(String method, String template) {
    this.method = method;
    this.template = template;
  }

  static Route of(PlivoRequest request) {
    if (request instanceof NodeAction) {
      return NODE_ACTION;
    }
    if (request instanceof MemberAction) {
      return MEMBER_ACTION;
    }
    if (request instanceof ReadNode) {
      return READ_NODE;
    }
    if (request instanceof CallTransfer) {
      return CALL_TRANSFER;
    }
    throw new IllegalArgumentException("unknown request type " + request.getClass().getName());
  }
}
