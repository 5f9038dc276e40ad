package dev.handoff;

import dev.handoff.model.AddMember;
import dev.handoff.model.CallTransfer;
import dev.handoff.model.ColdTransfer;
import dev.handoff.model.LiveCall;
import dev.handoff.model.MemberAction;
import dev.handoff.model.MultiPartyCallNode;
import dev.handoff.model.ReadLiveCall;
import dev.handoff.model.ReadNode;
import dev.handoff.model.Receipt;
import dev.handoff.model.WarmTransfer;
import dev.handoff.spi.CallControl;
import java.util.concurrent.CompletableFuture;

/**
 * Performs Plivo call transfers: PHLO multi-party call actions and Voice API call transfers. What
 * applications call; thread-safe, meant to be created once and shared.
 *
 * <pre>{@code
 * try (Handoff handoff = Handoff.create(HandoffConfig.of(Credentials.fromEnvironment()))) {
 *   Receipt receipt = handoff.warmTransfer(WarmTransfer.builder()
 *       .phloId(phloId).nodeId(nodeId)
 *       .triggerSource("+14152223333").to("+14152225555")
 *       .build());
 *   System.out.println(receipt.apiId());
 * }
 * }</pre>
 *
 * <p>Every operation comes in two forms, as in {@code java.net.http.HttpClient}: a blocking one
 * ({@link #warmTransfer}) and an asynchronous one ({@link #warmTransferAsync}). They send the same
 * request and fail with the same {@link dev.handoff.model.HandoffException} types; the blocking
 * form throws them, the asynchronous form completes its future exceptionally with them.
 *
 * <ul>
 *   <li>Requests are validated when they are built, so nothing invalid is ever sent.
 *   <li>One deadline, {@link HandoffConfig#timeout()} (15 s by default), covers every attempt of an
 *       operation and the waits between them; then the operation fails with {@link
 *       dev.handoff.model.DeadlineExceededException}. Deadlines are checked every 10 ms while
 *       operations are in flight, so that failure comes within about 10 ms after the timeout.
 *   <li>Only failures that certainly did not take effect are retried ({@link RetryPolicy}); a
 *       transfer is never sent twice on a 5xx or a broken connection. Reads ({@link #readNode},
 *       {@link #readLiveCall}) change nothing, so they are also retried on 5xx answers and
 *       transport failures. Every failure says whether it may have taken effect ({@link
 *       dev.handoff.model.HandoffException#mayHaveTakenEffect()}) and whether sending it again is
 *       safe ({@link dev.handoff.model.HandoffException#isSafeToResend()}).
 *   <li>Whose thread completes an asynchronous form's future: the transport's (an OkHttp dispatcher
 *       thread, the caller's Vert.x event loop) when Plivo's response ends the operation; the
 *       operation's executor ({@link HandoffConfig#executor()}, the caller's Vert.x context, or
 *       Handoff's own {@code handoff-completion-*} threads) when a retry or the deadline does.
 *       Never the timer that keeps every operation's deadline: a dependent stage that blocks delays
 *       no other operation.
 *   <li>Cancelling a returned future aborts its HTTP exchange. (Cancelling a future derived from
 *       it, by {@code thenApply} say, does not.)
 *   <li>The blocking forms throw {@link IllegalStateException} at once when called on a thread that
 *       must not block, such as a Vert.x event loop.
 *   <li>A blocking form runs its first attempt on the calling thread when the transport can (the
 *       Retrofit and JDK transports do, with OkHttp's {@code execute()} and {@code
 *       HttpClient.send}), saving two thread hand-offs, also when an interceptor went on on another
 *       thread before the attempt reached the transport (an idempotency claim's Redis reply, say):
 *       the waiting caller is handed the exchange; a retry goes the asynchronous way while the
 *       caller waits.
 *   <li>Interrupting a blocked caller ends its operation within about 10 ms, even while the thread
 *       is blocked in socket I/O: it throws {@link dev.handoff.model.TransportFailureException}
 *       with an {@link InterruptedException} as its cause ({@link
 *       dev.handoff.model.Delivery#NOT_SENT} if the thread was interrupted before the request was
 *       sent, else {@link dev.handoff.model.Delivery#UNKNOWN}), and the interrupt flag stays set.
 * </ul>
 */
public interface Handoff extends AutoCloseable {

  /**
   * A Handoff over the transport on the class path or module path: the one {@link
   * dev.handoff.spi.TransportProvider} that {@link java.util.ServiceLoader} finds there (through
   * the thread's context class loader), or, when {@link HandoffConfig#transport()} names one, the
   * one of that name. Swapping the transport is then a dependency change ({@code
   * handoff-adapter-retrofit}, {@code handoff-adapter-vertx} or {@code handoff-adapter-jdk}) and no
   * code. The Handoff is exactly the one the transport's own factory makes ({@code
   * RetrofitHandoff.create(config)}, say).
   *
   * @throws IllegalStateException when no transport is there; when several are and {@code config}
   *     names none; or when none of them has the name {@code config} gives. The message names the
   *     transports found (their names and classes) and how to choose: {@link
   *     HandoffConfig.Builder#transport(String)}, or the transport's own factory
   * @throws NullPointerException if {@code config} is null
   */
  static Handoff create(HandoffConfig config) {
    return Transports.create(config);
  }

  /**
   * A Handoff that sends through {@code callControl}, which it then owns and closes. Transports
   * offer shorter factories, such as {@code RetrofitHandoff.create(config)}.
   *
   * @throws NullPointerException if an argument is null
   */
  static Handoff create(CallControl callControl, HandoffConfig config) {
    return new DefaultHandoff(callControl, config);
  }

  /**
   * Handoff's version as released, for example {@code "0.1.0"}; {@code "dev"} when run from classes
   * that were not packaged by the build. The {@code User-Agent} of every request carries it.
   */
  static String version() {
    return Version.VALUE;
  }

  /**
   * A view of this Handoff whose operations all carry {@code key}: with an idempotency store
   * configured ({@link HandoffConfig.Builder#idempotencyStore}), a request sent with a key that was
   * seen before, by any Handoff sharing the store, is not sent again.
   *
   * <pre>{@code
   * Receipt receipt = handoff.withIdempotencyKey(IdempotencyKey.of("click-" + clickId))
   *     .warmTransfer(transfer);
   * }</pre>
   *
   * <ul>
   *   <li>While the first is in flight, a duplicate waits for its outcome, within its own deadline.
   *   <li>Afterwards, within the store's retention (24 hours by default), a duplicate gets the
   *       first one's receipt (the same {@code api_id}).
   *   <li>When the first one may have taken effect without a receipt (a 5xx, a broken connection, a
   *       timeout after sending), a duplicate fails with {@link
   *       dev.handoff.model.DuplicateInDoubtException}: check the call ({@link #readLiveCall}).
   *   <li>When the first one certainly did not take effect (nothing sent, a 4xx), its claim is
   *       released, and the next one with the key is sent.
   *   <li>The same key with a different request (another body, path or operation) is refused with
   *       {@link IllegalArgumentException}, thrown to the caller (the asynchronous forms complete
   *       their future with it), and nothing is sent.
   * </ul>
   *
   * <p>Reads ({@link #readNode}, {@link #readLiveCall}) change nothing and ignore the key. Without
   * an idempotency store the key is carried ({@link Interceptor.Chain#idempotencyKey()}) but
   * nothing is de-duplicated. The view shares this Handoff's transport, threads and state; closing
   * the view does nothing, closing this Handoff ends the view too. Cheap: make one per action.
   *
   * @throws NullPointerException if {@code key} is null
   * @throws UnsupportedOperationException if this implementation carries no keys (the default)
   */
  default Handoff withIdempotencyKey(IdempotencyKey key) {
    throw new UnsupportedOperationException(getClass().getName() + " carries no idempotency key");
  }

  /**
   * Warm-transfers a multi-party call member and waits for Plivo's answer.
   *
   * @return Plivo's acceptance (HTTP 201 and its {@code api_id})
   * @throws dev.handoff.model.PlivoErrorException if Plivo answered with an error
   * @throws dev.handoff.model.TransportFailureException if there was no usable answer, the timeout
   *     included
   * @throws IllegalStateException if this Handoff is closed, or the thread must not block
   */
  Receipt warmTransfer(WarmTransfer transfer);

  /**
   * Warm-transfers a multi-party call member without blocking.
   *
   * @return a future completed with Plivo's acceptance, or exceptionally with a {@link
   *     dev.handoff.model.HandoffException}
   * @throws IllegalStateException if this Handoff is closed
   */
  CompletableFuture<Receipt> warmTransferAsync(WarmTransfer transfer);

  /**
   * Cold-transfers a multi-party call member and waits for Plivo's answer.
   *
   * @return Plivo's acceptance (HTTP 201 and its {@code api_id})
   * @throws dev.handoff.model.PlivoErrorException if Plivo answered with an error
   * @throws dev.handoff.model.TransportFailureException if there was no usable answer
   * @throws IllegalStateException if this Handoff is closed, or the thread must not block
   */
  Receipt coldTransfer(ColdTransfer transfer);

  /**
   * Cold-transfers a multi-party call member without blocking.
   *
   * @return a future completed with Plivo's acceptance, or exceptionally with a {@link
   *     dev.handoff.model.HandoffException}
   * @throws IllegalStateException if this Handoff is closed
   */
  CompletableFuture<Receipt> coldTransferAsync(ColdTransfer transfer);

  /**
   * Dials a party and adds them to a multi-party call (node action {@code call}), and waits.
   *
   * @return Plivo's acceptance
   * @throws dev.handoff.model.PlivoErrorException if Plivo answered with an error
   * @throws dev.handoff.model.TransportFailureException if there was no usable answer
   * @throws IllegalStateException if this Handoff is closed, or the thread must not block
   */
  Receipt addMember(AddMember member);

  /**
   * Dials a party and adds them to a multi-party call without blocking.
   *
   * @return a future completed with Plivo's acceptance, or exceptionally with a {@link
   *     dev.handoff.model.HandoffException}
   * @throws IllegalStateException if this Handoff is closed
   */
  CompletableFuture<Receipt> addMemberAsync(AddMember member);

  /**
   * Performs an action on one member (abort transfer, resume, hold, hang up...) and waits.
   *
   * @return Plivo's acceptance
   * @throws dev.handoff.model.NotFoundException if the member is not in the call
   * @throws dev.handoff.model.PlivoErrorException if Plivo answered with another error
   * @throws dev.handoff.model.TransportFailureException if there was no usable answer
   * @throws IllegalStateException if this Handoff is closed, or the thread must not block
   */
  Receipt memberAction(MemberAction action);

  /**
   * Performs an action on one member without blocking.
   *
   * @return a future completed with Plivo's acceptance, or exceptionally with a {@link
   *     dev.handoff.model.HandoffException}
   * @throws IllegalStateException if this Handoff is closed
   */
  CompletableFuture<Receipt> memberActionAsync(MemberAction action);

  /**
   * Reads a multi-party call node and waits.
   *
   * @return the node as Plivo describes it
   * @throws dev.handoff.model.NotFoundException if there is no such PHLO or node
   * @throws dev.handoff.model.PlivoErrorException if Plivo answered with another error
   * @throws dev.handoff.model.TransportFailureException if there was no usable answer, or a 2xx
   *     answer that does not describe a node
   * @throws IllegalStateException if this Handoff is closed, or the thread must not block
   */
  MultiPartyCallNode readNode(ReadNode read);

  /**
   * Reads a multi-party call node without blocking.
   *
   * @return a future completed with the node, or exceptionally with a {@link
   *     dev.handoff.model.HandoffException}
   * @throws IllegalStateException if this Handoff is closed
   */
  CompletableFuture<MultiPartyCallNode> readNodeAsync(ReadNode read);

  /**
   * Reads a live Voice API call and waits: {@code GET
   * /v1/Account/{auth_id}/Call/{call_uuid}/?status=live} (Plivo's "Retrieve a live call"). The way
   * to learn what a call transfer whose outcome is unknown did ({@link
   * dev.handoff.model.HandoffException#mayHaveTakenEffect()}). A read: retried on transport
   * failures and 5xx answers within the one deadline.
   *
   * @return the call as Plivo describes it
   * @throws dev.handoff.model.NotFoundException if the call is not live (it never was, or ended)
   * @throws dev.handoff.model.PlivoErrorException if Plivo answered with another error
   * @throws dev.handoff.model.TransportFailureException if there was no usable answer, or a 2xx
   *     answer that does not describe a call
   * @throws IllegalStateException if this Handoff is closed, or the thread must not block
   */
  LiveCall readLiveCall(ReadLiveCall read);

  /**
   * Reads a live Voice API call without blocking; see {@link #readLiveCall}.
   *
   * @return a future completed with the call, or exceptionally with a {@link
   *     dev.handoff.model.HandoffException}
   * @throws IllegalStateException if this Handoff is closed
   */
  CompletableFuture<LiveCall> readLiveCallAsync(ReadLiveCall read);

  /**
   * Moves legs of a live Voice API call to new Plivo XML, and waits.
   *
   * @return Plivo's acceptance (HTTP 202 and its {@code api_id})
   * @throws dev.handoff.model.NotFoundException if the call is not live
   * @throws dev.handoff.model.PlivoErrorException if Plivo answered with another error
   * @throws dev.handoff.model.TransportFailureException if there was no usable answer
   * @throws IllegalStateException if this Handoff is closed, or the thread must not block
   */
  Receipt transferCall(CallTransfer transfer);

  /**
   * Moves legs of a live Voice API call to new Plivo XML without blocking.
   *
   * @return a future completed with Plivo's acceptance, or exceptionally with a {@link
   *     dev.handoff.model.HandoffException}
   * @throws IllegalStateException if this Handoff is closed
   */
  CompletableFuture<Receipt> transferCallAsync(CallTransfer transfer);

  /**
   * Closes this Handoff and its transport: operations still in flight fail with a {@link
   * dev.handoff.model.TransportFailureException}, and every thread, connection and timer it created
   * is released. Idempotent; any operation afterwards throws {@link IllegalStateException}.
   */
  @Override
  void close();
}
