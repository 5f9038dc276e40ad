package dev.handoff;

import dev.handoff.internal.Redactor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Stands in a failure's cause chain for an exception whose text held the account's credentials: a
 * transport's exception quoting a status line or a header a peer echoed them into, say. It carries
 * the original's class name, its message with every secret masked, its stack trace, and the same
 * treatment of its own causes and suppressed exceptions; the original is dropped, since a framework
 * exception's message cannot be changed and would show in every printed stack trace.
 *
 * <p>Its message reads {@code "<original class name>: <masked message>"}, so a stack trace shows
 * {@code dev.handoff.RedactedCause: java.net.ProtocolException: Unexpected status line: ****}.
 */
final class RedactedCause extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Deeper chains than this are cut: no real chain is that long, a hostile one may be. */
  private static final int MAX_DEPTH = 32;

  private RedactedCause(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code failure} as it may be kept: itself when nothing in it (its text, its causes' and their
   * suppressed exceptions', recursively) holds a secret; otherwise a {@link RedactedCause} in its
   * place, whose own cause is the same treatment of the original's. Parts of a chain below the last
   * exception holding a secret are kept as they are, types and all.
   */
  static @Nullable Throwable strip(@Nullable Throwable failure, Redactor redactor) {
    return strip(failure, redactor, newSeen(), 0);
  }

  /**
   * Whether {@code failure}'s message, {@code toString}, or anything in its cause chain or among
   * their suppressed exceptions holds a secret.
   */
  static boolean holdsSecret(@Nullable Throwable failure, Redactor redactor) {
    return holdsSecret(failure, redactor, newSeen(), 0);
  }

  /**
   * Whether the text {@code failure} shows of itself alone (not of its causes) holds a secret. An
   * exception whose {@code getMessage} or {@code toString} throws counts as showing one: its text
   * cannot be checked.
   */
  static boolean showsSecret(Throwable failure, Redactor redactor) {
    try {
      return holds(failure.getMessage(), redactor)
          || holds(failure.getLocalizedMessage(), redactor)
          || holds(failure.toString(), redactor);
    } catch (RuntimeException unreadable) {
      return true;
    }
  }

  /** What {@link #strip} keeps of {@code failure}'s suppressed exceptions, added to {@code to}. */
  static void copySuppressed(Throwable failure, Throwable to, Redactor redactor) {
    for (Throwable suppressed : failure.getSuppressed()) {
      Throwable kept = strip(suppressed, redactor);
      if (kept != null && kept != to) {
        to.addSuppressed(kept);
      }
    }
  }

  private static @Nullable Throwable strip(
      @Nullable Throwable failure, Redactor redactor, Set<Throwable> seen, int depth) {
    if (failure == null || !holdsSecret(failure, redactor, newSeen(), 0)) {
      return failure;
    }
    if (depth >= MAX_DEPTH || !seen.add(failure)) {
      return null;
    }
    Throwable cause = failure.getCause();
    Throwable keptCause =
        cause == null || cause == failure ? null : strip(cause, redactor, seen, depth + 1);
    String message = message(failure);
    RedactedCause copy =
        new RedactedCause(
            failure.getClass().getName() + (message == null ? "" : ": " + redactor.redact(message)),
            keptCause);
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      Throwable kept = strip(suppressed, redactor, seen, depth + 1);
      if (kept != null) {
        copy.addSuppressed(kept);
      }
    }
    return copy;
  }

  private static boolean holdsSecret(
      @Nullable Throwable failure, Redactor redactor, Set<Throwable> seen, int depth) {
    if (failure == null || depth >= MAX_DEPTH || !seen.add(failure)) {
      return false;
    }
    if (showsSecret(failure, redactor)) {
      return true;
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (holdsSecret(suppressed, redactor, seen, depth + 1)) {
        return true;
      }
    }
    Throwable cause = failure.getCause();
    return cause != failure && holdsSecret(cause, redactor, seen, depth + 1);
  }

  private static boolean holds(@Nullable String text, Redactor redactor) {
    return text != null && redactor.holdsSecret(text);
  }

  private static @Nullable String message(Throwable failure) {
    try {
      return failure.getMessage();
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static Set<Throwable> newSeen() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
