package com.example.handoff;

import dev.handoff.Handoff;
import dev.handoff.model.AuthenticationFailedException;
import dev.handoff.model.Delivery;
import dev.handoff.model.HandoffException;
import dev.handoff.model.NotFoundException;
import dev.handoff.model.Receipt;
import dev.handoff.model.RejectedException;
import dev.handoff.model.TransportFailureException;
import dev.handoff.model.WarmTransfer;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /transfers/warm} {@code {"agent": "+14152223333", "to": "+14152225555"}}. */
@RestController
class TransferController {
  private final Handoff handoff;
  private final String phloId;
  private final String nodeId;

  /** The Handoff bean is the starter's; the PHLO's ids are this application's own properties. */
  TransferController(
      Handoff handoff, @Value("${transfer.phlo-id}") String phloId,
      @Value("${transfer.node-id}") String nodeId) {
    this.handoff = handoff;
    this.phloId = phloId;
    this.nodeId = nodeId;
  }

  record WarmTransferRequest(String agent, String to) {}

  record Accepted(String apiId) {}

  @PostMapping("/transfers/warm")
  ResponseEntity<Accepted> warmTransfer(@RequestBody WarmTransferRequest request) {
    Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
        .phloId(phloId)
        .nodeId(nodeId)
        .triggerSource(request.agent())
        .to(request.to())
        .build());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted(receipt.apiId()));
  }

  /** An invalid id or address: nothing was sent. */
  @ExceptionHandler({IllegalArgumentException.class, NullPointerException.class})
  ResponseEntity<Map<String, String>> invalid(RuntimeException e) {
    return error(HttpStatus.BAD_REQUEST, e);
  }

  @ExceptionHandler(HandoffException.class)
  ResponseEntity<Map<String, String>> failed(HandoffException e) {
    if (e instanceof NotFoundException) {
      return error(HttpStatus.NOT_FOUND, e); // the call or member is gone
    }
    if (e instanceof RejectedException) {
      return error(HttpStatus.UNPROCESSABLE_ENTITY, e);
    }
    if (e instanceof AuthenticationFailedException) {
      return error(HttpStatus.INTERNAL_SERVER_ERROR, e); // our configuration is wrong
    }
    if (e instanceof TransportFailureException transport
        && transport.delivery() == Delivery.UNKNOWN) {
      return error(HttpStatus.GATEWAY_TIMEOUT, e); // Plivo may have performed it: do not retry blindly
    }
    return error(HttpStatus.BAD_GATEWAY, e);
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, Exception e) {
    return ResponseEntity.status(status).body(Map.of("error", String.valueOf(e.getMessage())));
  }
}
