package dev.handoff.cli;

/**
 * The transport could not be created, for a reason other than the input: nothing was sent, but
 * Plivo could not be reached either (exit code 4, as for a refused connection).
 */
final class TransportUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TransportUnavailableException(Transport transport, RuntimeException cause) {
    super(
        "the "
            + transport.label()
            + " transport could not start, nothing was sent ("
            + StderrLine.describe(cause)
            + ")",
        cause);
  }
}
