package dev.handoff.testkit;

import dev.handoff.model.PlivoRequest;
import java.util.List;

/** The text of {@link PlivoFake}'s assertion messages, the same for both fakes. */
final class Recording {
  private Recording() {}

  /** One numbered request a line, or {@code (nothing)}. */
  static String list(List<PlivoRequest> requests) {
    if (requests.isEmpty()) {
      return "\n  (nothing)";
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < requests.size(); i++) {
      text.append("\n  ").append(i + 1).append(". ").append(requests.get(i));
    }
    return text.toString();
  }

  /** The HTTP requests that were no Plivo request, when there were any. */
  static String others(int others) {
    return others <= 0
        ? ""
        : "\nand "
            + others
            + " HTTP request(s) that were no Plivo request (see FakePlivoServer.httpRequests())";
  }
}
