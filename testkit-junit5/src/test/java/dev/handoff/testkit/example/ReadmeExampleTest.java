package dev.handoff.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README shows this folder's example verbatim: a change to either shows here. */
class ReadmeExampleTest {
  private static final Path FOLDER = Path.of("src/test/java/dev/handoff/testkit/example");

  @Test
  void theReadmeQuotesTheExampleFilesVerbatim() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    for (String file : new String[] {"TransferDesk.java", "TransferDeskTest.java"}) {
      assertThat(readme)
          .as("README.md quotes " + file)
          .contains("```java\n" + Files.readString(FOLDER.resolve(file)) + "```");
    }
  }
}
