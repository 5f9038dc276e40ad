package dev.handoff.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The published modules attach sources and Javadoc jars (which {@code install} and {@code deploy}
 * then carry); the unpublished ones do not. Runs after every module was packaged in this reactor.
 */
class PublishedArtifactsTest {
  private static final Path ROOT = Path.of(System.getProperty("handoff.root", "..")).normalize();
  private static final String VERSION = System.getProperty("handoff.version");

  @Test
  void publishedModulesHaveSourcesAndJavadocJars() {
    String[][] modules = {
      {"core", "handoff-core"},
      {"adapter-retrofit", "handoff-adapter-retrofit"},
      {"adapter-vertx", "handoff-adapter-vertx"},
      {"adapter-jdk", "handoff-adapter-jdk"},
      {"testkit", "handoff-testkit"},
      {"testkit-junit5", "handoff-testkit-junit5"},
      {"callbacks", "handoff-callbacks"},
      {"redis", "handoff-redis"},
      {"micrometer", "handoff-micrometer"},
      {"opentelemetry", "handoff-opentelemetry"},
      {"slf4j", "handoff-slf4j"},
    };
    for (String[] module : modules) {
      for (String suffix : new String[] {".jar", "-sources.jar", "-javadoc.jar"}) {
        Path jar =
            ROOT.resolve(module[0]).resolve("target").resolve(module[1] + "-" + VERSION + suffix);
        assertThat(Files.isRegularFile(jar)).as(jar.toString()).isTrue();
      }
    }
  }
}
