package dev.handoff.internal;

import dev.handoff.HandoffConfig;
import dev.handoff.HttpProxy;
import dev.handoff.model.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Masks the credentials of one account in text that came from a peer: the Auth Token, and the
 * Base64 forms a server or proxy may echo — the {@code Authorization} value ({@code
 * base64(auth_id:auth_token)}, with or without {@code Basic }) and {@code base64(auth_token)}, each
 * in the standard and the URL-safe alphabet, padded or not. Matching ignores case, so an
 * upper-cased echo is masked too (a Base64 form shorter than 8 characters, of a token of a few
 * characters, is not: it would be found in ordinary words). A proxy's password, when the
 * configuration has one, is masked the same way, with its {@code Proxy-Authorization} forms. Each
 * match becomes {@value #MASK}. Not part of the API: this package is not exported. Immutable and
 * thread-safe.
 */
public final class Redactor {
  /** What stands for a secret in a message. */
  public static final String MASK = "****";

  /**
   * The shortest tail {@link #redactCut} masks (shorter for a secret that is shorter still): a
   * text's last character or two match the start of a secret by chance often, and say nothing of
   * it.
   */
  private static final int MIN_CUT = 4;

  /** The shortest Base64 form masked; the token itself is masked whatever its length. */
  private static final int MIN_ENCODED_FORM = 8;

  /** The secrets' forms, longest first, so that a longer form is masked before a shorter one. */
  private final String[] secrets;

  private Redactor(Set<String> secrets) {
    List<String> forms = new ArrayList<>();
    for (String secret : secrets) {
      if (!secret.isEmpty()) {
        forms.add(secret);
      }
    }
    forms.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = forms.toArray(new String[0]);
  }

  /** The redactor of {@code credentials}: the token and the Base64 forms above. */
  public static Redactor of(Credentials credentials) {
    return of(credentials, null, null);
  }

  /** The redactor of a configuration's secrets: its Auth Token and its proxy's password. */
  public static Redactor of(HandoffConfig config) {
    HttpProxy proxy = config.proxy();
    return proxy == null
        ? of(config.credentials())
        : of(config.credentials(), proxy.user(), proxy.password());
  }

  /**
   * The redactor of {@code credentials} and, when there is one, a proxy's password: the password
   * itself and the Base64 forms of its {@code Proxy-Authorization} value ({@code
   * base64(user:password)}) and of the password alone, as for the token.
   */
  public static Redactor of(
      Credentials credentials, @Nullable String proxyUser, @Nullable String proxyPassword) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(credentials.authToken());
    addBase64(forms, credentials.authId() + ":" + credentials.authToken());
    addBase64(forms, credentials.authToken());
    if (proxyPassword != null && !proxyPassword.isEmpty()) {
      forms.add(proxyPassword);
      if (proxyUser != null) {
        addBase64(forms, proxyUser + ":" + proxyPassword);
      }
      addBase64(forms, proxyPassword);
    }
    return new Redactor(forms);
  }

  /** A redactor of {@code secret} and its Base64 forms, for tests and fixed secrets. */
  public static Redactor of(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    addBase64(forms, secret);
    return new Redactor(forms);
  }

  /**
   * The encodings in both alphabets, padded and not: the padded one is masked whole (it is longer,
   * so it is tried first); the unpadded one catches an echo that dropped the padding or ran on.
   */
  private static void addBase64(Set<String> forms, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (Base64.Encoder encoder :
        new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
      for (String form :
          List.of(encoder.encodeToString(bytes), encoder.withoutPadding().encodeToString(bytes))) {
        // The encoding of a token of a few characters is as short, and found in ordinary words
        // once case is ignored ("eA" is base64("x")): not worth mangling every message for.
        if (form.length() >= MIN_ENCODED_FORM) {
          forms.add(form);
        }
      }
    }
  }

  /** {@code text} with every secret, in any form and case, replaced by {@value #MASK}. */
  public String redact(String text) {
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < text.length(); ) {
      int length = matchAt(text, i);
      if (length == 0) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, i).append(MASK);
      i += length;
      copied = i;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** Whether {@code text} holds a secret in any of its forms, in any case. */
  public boolean holdsSecret(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (matchAt(text, i) > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@link #redact} of a text that was cut after its last character: a secret echoed across the cut
   * ends it as a prefix of itself, which whole-secret matching cannot see, so such a tail is masked
   * too.
   */
  public String redactCut(String text) {
    String redacted = redact(text);
    int cut = 0;
    for (String secret : secrets) {
      int shortest = Math.min(MIN_CUT, secret.length() - 1);
      for (int length = Math.min(secret.length() - 1, redacted.length());
          length > cut && length >= shortest && length > 0;
          length--) {
        if (redacted.regionMatches(true, redacted.length() - length, secret, 0, length)) {
          cut = length;
          break;
        }
      }
    }
    return cut == 0 ? redacted : redacted.substring(0, redacted.length() - cut) + MASK;
  }

  /** The length of the longest secret at {@code offset} of {@code text}, or 0. */
  private int matchAt(String text, int offset) {
    for (String secret : secrets) {
      if (text.regionMatches(true, offset, secret, 0, secret.length())) {
        return secret.length();
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return "Redactor[" + secrets.length + " forms]";
  }
}
