package dev.handoff.spring.boot;

import org.jspecify.annotations.Nullable;

/** How the starter shows an Auth ID: enough to tell accounts apart, not the whole identifier. */
final class Masking {
  private Masking() {}

  /** The first four characters and {@code ****}; {@code unset} when there is none. */
  static String authId(@Nullable String authId) {
    if (authId == null || authId.isEmpty()) {
      return "unset";
    }
    return (authId.length() <= 4 ? "" : authId.substring(0, 4)) + "****";
  }

  /**
   * {@code url} with the user info of {@code scheme://user:secret@host} and any {@code password=}
   * parameter shown as {@code ****}; null stays null.
   */
  static @Nullable String url(@Nullable String url) {
    if (url == null) {
      return null;
    }
    return url.replaceFirst("(//)[^/@]*@", "$1****@").replaceAll("(?i)(password=)[^&]*", "$1****");
  }
}
