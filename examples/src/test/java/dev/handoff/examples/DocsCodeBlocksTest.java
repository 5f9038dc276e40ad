package dev.handoff.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation honest: every {@code ```java} block of README.md and docs/*.md is code of
 * an example project, which this build compiles and tests (maven-invoker-plugin), or of the
 * testkit's example test, which the testkit's build runs. A block matches when each of its
 * paragraphs (runs of lines between blank lines) appears, in order, as consecutive lines of one
 * example's .java file, indentation aside. Likewise every {@code ```xml} block must appear in an
 * example's pom.xml.
 */
class DocsCodeBlocksTest {
  private static final Path ROOT = Path.of(System.getProperty("handoff.root", "..")).normalize();

  /**
   * The testkit's example test, which README.md quotes and the build of handoff-testkit-junit5
   * runs: it uses {@code @HandoffTest}, which lives there since the testkit's split.
   */
  private static final String TESTKIT_EXAMPLE =
      "testkit-junit5/src/test/java/dev/handoff/testkit/example";

  private static final Pattern BLOCK =
      Pattern.compile("^```(java|xml)\\s*\\n(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL);

  @Test
  void everyJavaBlockIsCodeOfAnExample() {
    List<Block> blocks = blocks("java");
    assertThat(blocks).as("Java blocks found").hasSizeGreaterThanOrEqualTo(10);
    assertThat(blocks)
        .filteredOn(b -> b.source.endsWith("README.md"))
        .hasSizeGreaterThanOrEqualTo(2);
    List<Path> sources = new ArrayList<>(files(".java"));
    sources.addAll(files(ROOT.resolve(TESTKIT_EXAMPLE), ".java"));
    for (Block block : blocks) {
      assertThat(sources.stream().anyMatch(file -> contains(read(file), block.text)))
          .as(
              "%s, block at line %d, is not (verbatim) in any example's .java file:%n%s",
              block.source, block.line, block.text)
          .isTrue();
    }
  }

  @Test
  void everyXmlBlockIsPartOfAnExamplePom() {
    List<Block> blocks = blocks("xml");
    assertThat(blocks).as("XML blocks found").isNotEmpty();
    List<Path> poms = files("pom.xml");
    for (Block block : blocks) {
      assertThat(poms.stream().anyMatch(file -> contains(read(file), block.text)))
          .as(
              "%s, block at line %d, is not in any example's pom.xml:%n%s",
              block.source, block.line, block.text)
          .isTrue();
    }
  }

  @Test
  void examplesAskForThisVersionOfHandoff() {
    String version = System.getProperty("handoff.version");
    assertThat(version).isNotBlank();
    for (Path pom : files("pom.xml")) {
      assertThat(read(pom))
          .as(pom.toString())
          .contains("<handoff.version>" + version + "</handoff.version>");
    }
    assertThat(read(ROOT.resolve("bom/pom.xml")))
        .as("bom/pom.xml has no parent, so it states the version itself")
        .contains("<artifactId>handoff-bom</artifactId>\n  <version>" + version + "</version>");
  }

  @Test
  void theMatcherRejectsWhatIsNotThere() {
    String file = "class A {\n  void f() {\n    int x = 1;\n    int y = 2;\n  }\n}\n";
    assertThat(contains(file, "int x = 1;\nint y = 2;")).isTrue();
    assertThat(contains(file, "int y = 2;\nint x = 1;")).isFalse();
    assertThat(contains(file, "int x = 1;\n\nint y = 2;")).isTrue();
    assertThat(contains(file, "int y = 2;\n\nint x = 1;")).isFalse();
    assertThat(contains(file, "int x = 1;\nint z = 3;")).isFalse();
  }

  /**
   * Whether each paragraph of {@code block} is a run of consecutive lines of {@code file}, in
   * order.
   */
  static boolean contains(String file, String block) {
    List<String> lines = normalised(file);
    int from = 0;
    for (String paragraph : block.strip().split("\\n\\s*\\n")) {
      List<String> wanted = normalised(paragraph);
      int at = indexOf(lines, wanted, from);
      if (at < 0) {
        return false;
      }
      from = at + wanted.size();
    }
    return true;
  }

  private static int indexOf(List<String> lines, List<String> wanted, int from) {
    for (int i = from; i + wanted.size() <= lines.size(); i++) {
      if (lines.subList(i, i + wanted.size()).equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> normalised(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  private record Block(String source, int line, String text) {}

  private static List<Block> blocks(String language) {
    List<Path> documents = new ArrayList<>();
    documents.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path document : documents) {
      String text = read(document);
      Matcher matcher = BLOCK.matcher(text);
      while (matcher.find()) {
        if (matcher.group(1).equals(language)) {
          int line = (int) text.substring(0, matcher.start()).lines().count() + 1;
          blocks.add(new Block(ROOT.relativize(document).toString(), line, matcher.group(2)));
        }
      }
    }
    return blocks;
  }

  private static List<Path> files(String suffix) {
    return files(ROOT.resolve("examples"), suffix);
  }

  private static List<Path> files(Path folder, String suffix) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(p -> p.toString().endsWith(suffix))
          .filter(p -> !p.equals(ROOT.resolve("examples/pom.xml")))
          .filter(p -> !p.toString().contains("/target/"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
