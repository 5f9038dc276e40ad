package dev.handoff.cli;

import dev.handoff.model.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line the CLI prints on failure: control characters escaped, so that it stays one line,
 * and the credentials of the environment masked in every form a peer or a library may have echoed
 * them in (the token in any case, and the Base64 of {@code auth_id:auth_token} and of the token).
 * Handoff's own exceptions are masked already; this also covers what is not Handoff's: picocli's
 * usage errors, which quote the arguments, and failures nobody foresaw.
 */
final class StderrLine {
  private static final Pattern USER_INFO = Pattern.compile("://([^@/]*)@");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)[?&](?:password|pass|pwd)=([^&#]*)");

  private StderrLine() {}

  /** {@code text} as one line, without the credentials {@code environment} holds. */
  static String of(String text, Map<String, String> environment) {
    return of(text, environment, List.of());
  }

  /**
   * As {@link #of(String, Map)}, also masking {@code others} (the passwords of the Redis URLs on
   * the command line, see {@link #redisSecrets}).
   */
  static String of(String text, Map<String, String> environment, List<String> others) {
    String masked = text;
    List<String> secrets = new ArrayList<>(secrets(environment));
    for (String other : others) {
      if (!other.isEmpty()) {
        secrets.add(other);
      }
    }
    secrets.sort(Comparator.comparingInt(String::length).reversed());
    for (String secret : secrets) {
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

  /**
   * The secrets of each {@code --redis-url} in {@code args}: its user info ({@code user:password}
   * or {@code password}), the password alone, and a {@code password=} parameter's value. Found
   * without parsing the command, so that even a usage error that quotes the URL masks them.
   */
  static List<String> redisSecrets(String[] args) {
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String url = null;
      if (args[i].equals("--redis-url") && i + 1 < args.length) {
        url = args[i + 1];
      } else if (args[i].startsWith("--redis-url=")) {
        url = args[i].substring("--redis-url=".length());
      }
      if (url == null) {
        continue;
      }
      Matcher userInfo = USER_INFO.matcher(url);
      if (userInfo.find()) {
        String info = userInfo.group(1);
        secrets.add(info);
        int colon = info.indexOf(':');
        if (colon >= 0) {
          secrets.add(info.substring(colon + 1));
        }
      }
      Matcher parameter = PASSWORD_PARAMETER.matcher(url);
      while (parameter.find()) {
        secrets.add(parameter.group(1));
      }
    }
    return secrets;
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
