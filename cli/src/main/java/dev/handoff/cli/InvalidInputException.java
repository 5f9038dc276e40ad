package dev.handoff.cli;

import java.util.Map;

/**
 * A command's input broke a rule before anything was sent (exit code 2). Its message names the
 * command-line option, not the Java field the library names ({@code --trigger-source must be…}, not
 * {@code triggerSource must be…}).
 */
final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The library's field names, as the options a person typed them. */
  private static final Map<String, String> OPTIONS =
      Map.of(
          "phloId", "--phlo-id",
          "nodeId", "--node-id",
          "triggerSource", "--trigger-source",
          "to", "--to",
          "role", "--role",
          "callUuid", "--call-uuid",
          "action", "ACTION",
          "phloBaseUrl", "--phlo-url",
          "voiceBaseUrl", "--voice-url",
          "timeout", "--timeout");

  private InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  static InvalidInputException of(RuntimeException cause) {
    String message = String.valueOf(cause.getMessage());
    for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
      if (message.startsWith(option.getKey() + " ")) {
        message = option.getValue() + message.substring(option.getKey().length());
        break;
      }
    }
    return new InvalidInputException(message, cause);
  }
}
