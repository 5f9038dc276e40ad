package dev.handoff.cli;

import dev.handoff.model.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one line the CLI prints on failure: control characters escaped, so that it stays one line,
 * and the credentials of the environment masked in every form a peer or a library may have echoed
 * them in (the token in any case, and the Base64 of {@code auth_id:auth_token} and of the token).
 * Handoff's own exceptions are masked already; this also covers what is not Handoff's: picocli's
 * usage errors, which quote the arguments, and failures nobody foresaw.
 */
final class StderrLine {
  private StderrLine() {}

  /** {@code text} as one line, without the credentials {@code environment} holds. */
  static String of(String text, Map<String, String> environment) {
    String masked = text;
    for (String secret : secrets(environment)) {
      masked = maskIgnoringCase(masked, secret);
    }
    StringBuilder line = new StringBuilder(masked.length());
    for (int i = 0; i < masked.length(); i++) {
      char c = masked.charAt(i);
      switch (c) {
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    return line.toString();
  }

  /** What a failure nobody foresaw shows of itself: its class and its message. */
  static String describe(Throwable failure) {
    String message = failure.getMessage();
    String name = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  private static List<String> secrets(Map<String, String> environment) {
    List<String> secrets = new ArrayList<>();
    String token = environment.get(Credentials.AUTH_TOKEN_VARIABLE);
    if (token == null || token.isEmpty()) {
      return secrets;
    }
    String authId = environment.getOrDefault(Credentials.AUTH_ID_VARIABLE, "");
    secrets.add(token);
    for (String value : List.of(authId + ":" + token, token)) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      secrets.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
      secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    return secrets;
  }

  private static String maskIgnoringCase(String text, String secret) {
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i <= text.length() - secret.length(); ) {
      if (text.regionMatches(true, i, secret, 0, secret.length())) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, i).append("****");
        i += secret.length();
        copied = i;
      } else {
        i++;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }
}
