package dev.handoff.testkit.contract;

import java.util.Locale;

/** How a case calls Handoff: the blocking form or the asynchronous one. */
enum Form {
  BLOCKING,
  ASYNC;

  /** {@code "blocking"} or {@code "async"}, as the cases' display names show it. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
