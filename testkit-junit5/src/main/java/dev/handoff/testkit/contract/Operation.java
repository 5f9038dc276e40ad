package dev.handoff.testkit.contract;

import static dev.handoff.testkit.contract.Fixtures.CALL;
import static dev.handoff.testkit.contract.Fixtures.NODE;
import static dev.handoff.testkit.contract.Fixtures.PHLO;
import static dev.handoff.testkit.contract.Fixtures.SIP;
import static dev.handoff.testkit.contract.Fixtures.U1;
import static dev.handoff.testkit.contract.Fixtures.U2;
import static dev.handoff.testkit.contract.Fixtures.U3;

import dev.handoff.Handoff;
import dev.handoff.model.AddMember;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.Legs;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MemberActionType;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.UrlMethod;
import dev.handoff.model.WarmTransfer;
import dev.handoff.model.WebhookUrl;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One operation of {@link Handoff}, in both forms, with the answer that means success for it and
 * the result that answer must give. Each targets state the suite's server has, so that a request
 * sent again by mistake would succeed and be noticed.
 */
final class Operation {
  private final String name;
  private final int successStatus;
  private final Function<Handoff, Object> blocking;
  private final Function<Handoff, CompletableFuture<?>> async;
  private final boolean readsNode;
  private final boolean readsCall;

  private Operation(
      String name,
      int successStatus,
      Function<Handoff, Object> blocking,
      Function<Handoff, CompletableFuture<?>> async,
      boolean readsNode) {
    this(name, successStatus, blocking, async, readsNode, false);
  }

  private Operation(
      String name,
      int successStatus,
      Function<Handoff, Object> blocking,
      Function<Handoff, CompletableFuture<?>> async,
      boolean readsNode,
      boolean readsCall) {
    this.name = name;
    this.successStatus = successStatus;
    this.blocking = blocking;
    this.async = async;
    this.readsNode = readsNode;
    this.readsCall = readsCall;
  }

  static List<Operation> all() {
    WarmTransfer warm = new WarmTransfer(PHLO, NODE, U1, U3);
    ColdTransfer cold = new ColdTransfer(PHLO, NODE, U1, U3);
    AddMember add = new AddMember(PHLO, NODE, U1, U3);
    MemberAction hold = new MemberAction(PHLO, NODE, SIP, MemberActionType.HOLD);
    MemberAction hangup = new MemberAction(PHLO, NODE, U2, MemberActionType.HANGUP);
    ReadNode read = new ReadNode(PHLO, NODE);
    ReadLiveCall readCall = new ReadLiveCall(CALL);
    CallTransfer transfer =
        new CallTransfer(
            CALL,
            Legs.both(
                WebhookUrl.of("http://aleg.url", UrlMethod.GET),
                WebhookUrl.of("http://bleg.url", UrlMethod.GET)));
    return List.of(
        new Operation(
            "warm_transfer", 201, h -> h.warmTransfer(warm), h -> h.warmTransferAsync(warm), false),
        new Operation(
            "cold_transfer", 201, h -> h.coldTransfer(cold), h -> h.coldTransferAsync(cold), false),
        new Operation("add_member", 201, h -> h.addMember(add), h -> h.addMemberAsync(add), false),
        new Operation(
            "hold_sip_member",
            201,
            h -> h.memberAction(hold),
            h -> h.memberActionAsync(hold),
            false),
        new Operation(
            "hangup_member",
            201,
            h -> h.memberAction(hangup),
            h -> h.memberActionAsync(hangup),
            false),
        new Operation("read_node", 200, h -> h.readNode(read), h -> h.readNodeAsync(read), true),
        new Operation(
            "call_transfer",
            202,
            h -> h.transferCall(transfer),
            h -> h.transferCallAsync(transfer),
            false),
        new Operation(
            "read_live_call",
            200,
            h -> h.readLiveCall(readCall),
            h -> h.readLiveCallAsync(readCall),
            false,
            true));
  }

  /** The status Plivo answers on success: 201, 202 for a call transfer, 200 for a read. */
  int successStatus() {
    return successStatus;
  }

  /** Whether the answer must describe a node (a body that is not JSON is then a failure). */
  boolean readsNode() {
    return readsNode;
  }

  /** Whether the answer must describe a live call (a body that is not JSON is then a failure). */
  boolean readsCall() {
    return readsCall;
  }

  /**
   * Whether this operation only reads (a node or a live call): a GET without a body, retried on 5xx
   * and transport failures, and a 2xx it cannot read is a failure, not a receipt.
   */
  boolean isRead() {
    return readsNode || readsCall;
  }

  Object callBlocking(Handoff handoff) {
    return blocking.apply(handoff);
  }

  CompletableFuture<?> callAsync(Handoff handoff) {
    return async.apply(handoff);
  }

  /** Plivo's success body for this operation, carrying {@code apiId}. */
  String successBody(String apiId) {
    if (readsNode) {
      return "{\"api_id\": \""
          + apiId
          + "\", \"node_id\": \""
          + Fixtures.NODE_VALUE
          + "\", \"phlo_id\": \""
          + Fixtures.PHLO_VALUE
          + "\", \"name\": \"Transfer node\", \"node_type\": \"multi_party_call\","
          + " \"created_on\": \""
          + Fixtures.CREATED_ON
          + "\"}";
    }
    if (readsCall) {
      return "{\"api_id\": \""
          + apiId
          + "\", \"call_status\": \"in-progress\", \"call_uuid\": \""
          + CALL.value()
          + "\", \"direction\": \"inbound\", \"from\": \"14152223333\", \"to\":"
          + " \"14152225555\", \"caller_name\": \"+14152223333\", \"session_start\":"
          + " \"2022-04-14 21:21:43.295584\"}";
    }
    if (successStatus == 202) {
      return "{\"message\": \"call transfered\", \"api_id\": \"" + apiId + "\"}";
    }
    return "{\"api_id\": \"" + apiId + "\", \"error\": \"\"}";
  }

  /** What {@link #successBody(String)} must become. */
  Object expectedResult(@Nullable String apiId) {
    if (readsNode) {
      return new MultiPartyCallNode(
          PHLO,
          NODE,
          "Transfer node",
          "multi_party_call",
          OffsetDateTime.of(2020, 8, 1, 9, 5, 11, 846_982_000, ZoneOffset.UTC),
          apiId);
    }
    if (readsCall) {
      return new LiveCall(
          CALL,
          "in-progress",
          "inbound",
          "14152223333",
          "14152225555",
          "+14152223333",
          "2022-04-14 21:21:43.295584",
          null,
          apiId);
    }
    return successStatus == 202
        ? new Receipt(successStatus, apiId, "call transfered", List.of(), null)
        : new Receipt(successStatus, apiId);
  }

  /** The receipt when a success's body could not be read (not for reads). */
  Receipt unreadReceipt(String why) {
    return new Receipt(successStatus, null, null, List.of(), why);
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * What this operation fails with through {@code handoff}: thrown as is by the blocking form, the
   * cause of the future's failure in the asynchronous form, waited for at most {@code wait}.
   *
   * @throws AssertionError if it succeeded, or the asynchronous call did not complete in time
   */
  Throwable failure(Form form, Handoff handoff, Duration wait) {
    if (form == Form.BLOCKING) {
      try {
        Object result = callBlocking(handoff);
        throw new AssertionError("expected a failure, got " + result);
      } catch (RuntimeException e) {
        return e;
      }
    }
    CompletableFuture<?> future = callAsync(handoff);
    try {
      Object result = future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("the asynchronous call never completed", e);
    }
  }
}
