package dev.handoff.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/public-api.md}, the list of every public type per published module, true: a
 * public type added or removed without updating the list fails here. Run with {@code
 * -Dhandoff.writePublicApi=true} to rewrite the list from the built classes, then review the diff.
 */
class PublicApiTest {
  private static final Path LIST = Path.of("../docs/public-api.md");

  /** Each published module's exported packages, in the order the list shows them. */
  private static final Map<String, List<String>> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("handoff-core", List.of("dev.handoff", "dev.handoff.model", "dev.handoff.spi"));
    MODULES.put("handoff-adapter-retrofit", List.of("dev.handoff.retrofit"));
    MODULES.put("handoff-adapter-vertx", List.of("dev.handoff.vertx"));
    MODULES.put("handoff-adapter-jdk", List.of("dev.handoff.jdk"));
    MODULES.put("handoff-testkit", List.of("dev.handoff.testkit"));
    MODULES.put(
        "handoff-testkit-junit5",
        List.of("dev.handoff.testkit.junit5", "dev.handoff.testkit.contract"));
    MODULES.put("handoff-callbacks", List.of("dev.handoff.callbacks"));
    MODULES.put("handoff-micrometer", List.of("dev.handoff.micrometer"));
    MODULES.put("handoff-opentelemetry", List.of("dev.handoff.opentelemetry"));
    MODULES.put("handoff-slf4j", List.of("dev.handoff.slf4j"));
    MODULES.put("handoff-redis", List.of("dev.handoff.redis"));
  }

  @Test
  void docsListEveryPublicTypeOfEveryModule() throws IOException {
    String expected = render();
    if (Boolean.getBoolean("handoff.writePublicApi")) {
      Files.writeString(LIST, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(LIST, StandardCharsets.UTF_8))
        .as(
            "docs/public-api.md lists the public types the build produced; after a deliberate"
                + " change, rerun with -Dhandoff.writePublicApi=true and review the diff")
        .isEqualTo(expected);
  }

  private static String render() {
    StringBuilder text =
        new StringBuilder()
            .append("# Public API\n\n")
            .append("Every public type of every published module, generated from the built classes")
            .append(" by `architecture/src/test/java/dev/handoff/architecture/PublicApiTest.java`,")
            .append(" which fails when this list and the code disagree. Everything else is")
            .append(" package-private, or in a package the module does not export")
            .append(" (`dev.handoff.internal`). Nested types are listed as `Outer.Inner`.\n");
    int total = 0;
    for (Map.Entry<String, List<String>> module : MODULES.entrySet()) {
      Map<String, TreeSet<String>> byPackage = new LinkedHashMap<>();
      int count = 0;
      for (String pkg : module.getValue()) {
        TreeSet<String> types = new TreeSet<>();
        for (JavaClass type :
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(pkg)) {
          if (type.getPackageName().equals(pkg)
              && isEffectivelyPublic(type)
              && !isGenerated(type)) {
            types.add(type.getName().substring(pkg.length() + 1).replace('$', '.'));
          }
        }
        byPackage.put(pkg, types);
        count += types.size();
      }
      text.append("\n## `").append(module.getKey()).append("` (").append(count);
      text.append(count == 1 ? " type)\n\n" : " types)\n\n");
      byPackage.forEach(
          (pkg, types) -> {
            text.append("- `").append(pkg).append("`:");
            types.forEach(type -> text.append(" `").append(type).append('`'));
            text.append('\n');
          });
      total += count;
    }
    return text.append("\n").append(total).append(" public types in all.\n").toString();
  }

  private static boolean isEffectivelyPublic(JavaClass type) {
    return type.getModifiers().contains(JavaModifier.PUBLIC)
        && type.getEnclosingClass().map(PublicApiTest::isEffectivelyPublic).orElse(true)
        && !type.isAnonymousClass();
  }

  private static boolean isGenerated(JavaClass type) {
    return type.getSimpleName().startsWith("Dagger") || type.getSimpleName().contains("_");
  }
}
