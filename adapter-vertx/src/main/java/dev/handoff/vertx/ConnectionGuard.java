package dev.handoff.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * What Vert.x's HTTP/1.1 client lets through from a peer that breaks HTTP, stopped between Netty's
 * decoder and Vert.x (issue 13, D1 and D3), on each connection of the transport's client:
 *
 * <ul>
 *   <li><b>Interim answers</b> Vert.x does not know. It skips {@code 100 Continue} and {@code 103
 *       Early Hints} but takes any other 1xx ({@code 102 Processing}, {@code 199}) for the final
 *       answer, leaving the real one to whichever exchange uses the connection next. The guard
 *       drops them, as RFC 9110 §15.2 asks of a client, so the exchange gets its final answer. A
 *       {@code 101 Switching Protocols} passes: it is no answer to a request that asked for no
 *       upgrade, and the exchange fails on it ({@link Exchange}).
 *   <li><b>Bytes nobody asked for</b>: an answer read right behind the end of the one asked for (in
 *       the same read from the socket: no request can have been written in between, since Vert.x
 *       has not yet seen that end). The guard drops it and closes the connection <em>before</em>
 *       Vert.x sees the end of the real answer, which is when it would return the connection to its
 *       pool: closing evicts the connection at once, so no other exchange can take it. The real
 *       answer still completes its exchange. Bytes read later, while no answer is awaited, close
 *       the connection too ({@link ByteWatch}), even a fragment the codec would keep for the next
 *       answer. (Bytes that arrive after the next request was written cannot be told from its
 *       answer, by any client.)
 * </ul>
 *
 * <p>Vert.x exposes no connection's Netty pipeline through its API; the guard reaches it through
 * the connection class's public {@code channelHandlerContext()}, in a package {@code io.vertx.core}
 * does not export. That works on the class path, and on the module path with {@code --add-exports
 * io.vertx.core/io.vertx.core.net.impl=dev.handoff.vertx}; elsewhere (or should a Vert.x version
 * change the class) {@link #install} installs nothing, and the transport falls back on what it can
 * do from Vert.x's API: an interim answer fails its attempt {@code UNKNOWN} and closes its
 * connection, and Vert.x itself fails a connection on an answer read while no exchange is on it.
 *
 * <p>Netty calls it on the connection's event loop only.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
  /** The name of Vert.x's HTTP/1.1 codec in a connection's pipeline: the guard goes right after. */
  static final String CODEC = "codec";

  static final String NAME = "handoff-guard";

  /** The name of the guard's {@link ByteWatch}, right before the codec (after TLS, if any). */
  static final String BYTES = "handoff-guard-bytes";

  /** {@code ConnectionBase.channelHandlerContext()}, where this module may call it; else null. */
  private static final @Nullable Method CHANNEL_HANDLER_CONTEXT = channelHandlerContextMethod();

  /** The end of the answer just read, held until the read completes. */
  private @Nullable LastHttpContent heldEnd;

  /** Whether the parts of an interim answer are being dropped. */
  private boolean inInterim;

  /**
   * Whether the answer being read is a final one (or a {@code 101}): the end of an interim answer
   * Vert.x handles itself ({@code 100}, {@code 103}) is followed by the final answer, not held.
   */
  private boolean inFinal;

  /** Whether the connection carried bytes nobody asked for: all it reads is dropped. */
  private boolean discarding;

  /**
   * Whether a request was written whose answer has not ended yet (as Vert.x sees it): bytes read
   * while none is are bytes nobody asked for, whole answers or not.
   */
  private boolean awaitingAnswer;

  private ConnectionGuard() {}

  /**
   * Puts a guard on {@code connection}'s pipeline, right after its HTTP codec; false (and nothing
   * done) where the pipeline is out of reach. Call it before the connection's first exchange.
   */
  static boolean install(HttpConnection connection) {
    Method method = CHANNEL_HANDLER_CONTEXT;
    if (method == null || !method.getDeclaringClass().isInstance(connection)) {
      return false;
    }
    ChannelPipeline pipeline;
    try {
      pipeline = ((ChannelHandlerContext) method.invoke(connection)).pipeline();
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      return false;
    }
    if (pipeline.get(CODEC) == null || pipeline.get(NAME) != null) {
      return false;
    }
    ConnectionGuard guard = new ConnectionGuard();
    pipeline.addBefore(CODEC, BYTES, guard.new ByteWatch());
    pipeline.addAfter(CODEC, NAME, guard);
    return true;
  }

  /** Whether {@link #install} can reach a connection's pipeline in this JVM. */
  static boolean available() {
    return CHANNEL_HANDLER_CONTEXT != null;
  }

  private static @Nullable Method channelHandlerContextMethod() {
    try {
      Class<?> connectionBase =
          Class.forName(
              "io.vertx.core.net.impl.ConnectionBase",
              false,
              HttpConnection.class.getClassLoader());
      if (!connectionBase
          .getModule()
          .isExported(connectionBase.getPackageName(), ConnectionGuard.class.getModule())) {
        return null;
      }
      Method method = connectionBase.getMethod("channelHandlerContext");
      return method.getReturnType() == ChannelHandlerContext.class ? method : null;
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (discarding) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (heldEnd != null) {
      // Read behind the end of the answer asked for, before anything else could be asked.
      ReferenceCountUtil.release(msg);
      discard(ctx);
      releaseHeldEnd(ctx);
      return;
    }
    if (msg instanceof HttpResponse head && isSkippedInterim(head)) {
      inInterim = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    if (inInterim && msg instanceof HttpObject) {
      inInterim = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse head) {
      int status = head.status().code();
      inFinal = status >= 200 || status == 101;
    }
    if (msg instanceof LastHttpContent end
        && inFinal
        && !(msg instanceof HttpResponse)
        && end.decoderResult().isSuccess()) {
      inFinal = false;
      heldEnd = end;
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    releaseHeldEnd(ctx);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    releaseHeldEnd(ctx);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    releaseHeldEnd(ctx);
    super.exceptionCaught(ctx, cause);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    LastHttpContent end = heldEnd;
    heldEnd = null;
    ReferenceCountUtil.release(end);
  }

  /** Hands the end of the answer to Vert.x, which completes its exchange. */
  private void releaseHeldEnd(ChannelHandlerContext ctx) {
    LastHttpContent end = heldEnd;
    if (end != null) {
      heldEnd = null;
      awaitingAnswer = false;
      ctx.fireChannelRead(end);
    }
  }

  /** Drops what the connection reads from now on, and closes it. */
  private void discard(ChannelHandlerContext ctx) {
    discarding = true;
    ctx.channel().close();
  }

  /**
   * The guard's eyes on the raw bytes, before the codec: bytes that arrive while no answer is
   * awaited (after the last answer ended, before the next request is written) are nobody's, even
   * when they are too few to make an answer the codec would hand over (which it would then join to
   * the next request's answer). They are dropped, and the connection is closed: Vert.x evicts it
   * from its pool at once, and an exchange it had already handed the connection to fails, its
   * request unwritten. Bytes read with an answer's end in one read are the other half's to judge.
   */
  final class ByteWatch extends ChannelDuplexHandler {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (!discarding) {
        awaitingAnswer = true;
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (discarding || (!awaitingAnswer && msg instanceof ByteBuf bytes && bytes.isReadable())) {
        ReferenceCountUtil.release(msg);
        if (!discarding) {
          discard(ctx);
        }
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * A 1xx Vert.x would take for a final answer: all but {@code 100} and {@code 103}, which it skips
   * itself, and {@code 101}, which is no interim answer but a switch the request never asked for.
   */
  private static boolean isSkippedInterim(HttpResponse head) {
    int status = head.status().code();
    return status >= 100 && status < 200 && status != 100 && status != 101 && status != 103;
  }
}
