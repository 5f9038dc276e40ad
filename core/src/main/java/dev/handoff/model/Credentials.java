package dev.handoff.model;

import dev.handoff.internal.Checks;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Plivo account's Auth ID and Auth Token, sent as HTTP Basic auth on every request.
 *
 * <p>The token never appears in {@link #toString()}, in any exception message or in anything
 * Handoff logs; validation errors do not echo either value, since a token pasted into the wrong
 * variable would otherwise leak. Immutable and thread-safe.
 *
 * @param authId {@code MA} (main account) or {@code SA} (subaccount) and 18 upper-case letters or
 *     digits, 20 characters in all
 * @param authToken the Auth Token: 1-256 printable ASCII characters, no spaces
 */
public record Credentials(String authId, String authToken) {
  /** The environment variable that holds the Auth ID. */
  public static final String AUTH_ID_VARIABLE = "PLIVO_AUTH_ID";

  /** The environment variable that holds the Auth Token. */
  public static final String AUTH_TOKEN_VARIABLE = "PLIVO_AUTH_TOKEN";

  private static final Pattern AUTH_ID = Pattern.compile("(MA|SA)[A-Z0-9]{18}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,256}");

  /**
   * @throws NullPointerException naming a null field
   * @throws IllegalArgumentException naming the field and its rule (never the value)
   */
  public Credentials {
    Checks.notNull(authId, "authId");
    Checks.notNull(authToken, "authToken");
    if (!AUTH_ID.matcher(authId).matches()) {
      throw new IllegalArgumentException(
          "authId must be 'MA' or 'SA' followed by 18 upper-case letters or digits (20 characters)");
    }
    if (!TOKEN.matcher(authToken).matches()) {
      throw new IllegalArgumentException(
          "authToken must be 1-256 printable ASCII characters without spaces");
    }
  }

  /**
   * Reads {@code PLIVO_AUTH_ID} and {@code PLIVO_AUTH_TOKEN} from the process environment.
   *
   * @throws IllegalStateException naming the variable that is missing or empty
   * @throws IllegalArgumentException naming the variable whose value breaks its rule
   */
  public static Credentials fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads {@code PLIVO_AUTH_ID} and {@code PLIVO_AUTH_TOKEN} from {@code environment}.
   *
   * @throws IllegalStateException naming the variable that is missing or empty
   * @throws IllegalArgumentException naming the variable whose value breaks its rule
   */
  public static Credentials fromEnvironment(Map<String, String> environment) {
    String authId = variable(environment, AUTH_ID_VARIABLE);
    String authToken = variable(environment, AUTH_TOKEN_VARIABLE);
    try {
      return new Credentials(authId, authToken);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage(); // one of the constructor's, never null; Throwable's may be
      String variable =
          message != null && message.startsWith("authId") ? AUTH_ID_VARIABLE : AUTH_TOKEN_VARIABLE;
      throw new IllegalArgumentException(variable + ": " + message, e);
    }
  }

  private static String variable(Map<String, String> environment, String name) {
    @Nullable String value = environment.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          "environment variable "
              + name
              + " is not set: it must hold the Plivo Auth "
              + (name.equals(AUTH_ID_VARIABLE) ? "ID" : "Token"));
    }
    return value;
  }

  /** Shows the Auth ID and hides the token: {@code Credentials[authId=MA..., authToken=****]}. */
  @Override
  public String toString() {
    return "Credentials[authId=" + authId + ", authToken=****]";
  }
}
