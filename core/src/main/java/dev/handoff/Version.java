package dev.handoff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Reads Handoff's version once, from the properties file the build writes. */
final class Version {
  static final String VALUE = read();

  private Version() {}

  private static String read() {
    try (InputStream in =
        Version.class.getResourceAsStream("/dev/handoff/internal/handoff-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
