package dev.handoff.jdk;

import dev.handoff.Handoff;
import dev.handoff.HandoffConfig;
import dev.handoff.testkit.contract.HostilePeerContract;

/** The hostile-peer contract against the JDK transport. */
class JdkHostilePeerContractTest extends HostilePeerContract {
  @Override
  protected Handoff createHandoff(HandoffConfig config) {
    return JdkHandoff.create(config);
  }

  @Override
  protected String transportName() {
    return JdkCallControl.NAME;
  }

  /**
   * The JDK's HttpClient sets {@code Host} itself and refuses it from the caller (a restricted
   * header), and writes its own header order: the JDK transport cannot send exactly the head {@code
   * Wire} describes.
   */
  @Override
  protected boolean controlsTheRequestHead() {
    return false;
  }

  /**
   * Before Java 19 the JDK's HttpClient writes {@code Content-Length: 0} into every request without
   * a body, a {@code GET} included (JDK-8283544, fixed in 19), and nothing turns it off: on Java 17
   * {@code requestHeaderLinesAreWiresInSomeOrder} fails for {@code read_node} without this flag.
   * Every other header line is Wire's, byte for byte.
   */
  @Override
  protected boolean sendsContentLengthWithoutABody() {
    return Runtime.version().feature() < 19;
  }

  /**
   * The JDK's HttpClient drops the bytes that follow an answer on its HTTP/1.1 connection and
   * returns the connection to its pool: every operation still gets the answer to its own request
   * (the case checks that), over one connection rather than one each. With this flag true, {@code
   * strayAnswersReachNoOperation} fails for every operation and form on its count of connections
   * (expected 3, was 1); nothing in the client's API sees the bytes it drops.
   */
  @Override
  protected boolean discardsConnectionsHoldingStrayBytes() {
    return false;
  }
}
