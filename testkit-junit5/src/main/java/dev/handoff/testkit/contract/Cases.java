package dev.handoff.testkit.contract;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The tables the contract suites run their cases over, and the display names that read like {@code
 * http404 [warm_transfer, async]}.
 */
final class Cases {
  /**
   * A case's row, e.g. {@code [warm_transfer, async]}, under its method's name ({@link
   * MethodNames}): {@code http404} then {@code [warm_transfer, async]} in JUnit's tree, {@code
   * http404[warm_transfer, async]} in Surefire's reports.
   */
  static final String ROW = "[{arguments}]";

  private Cases() {}

  /** Every operation in both forms: the behaviour suites' table. */
  static List<Arguments> operationsAndForms() {
    List<Arguments> rows = new ArrayList<>();
    for (Operation operation : Operation.all()) {
      for (Form form : Form.values()) {
        rows.add(Arguments.of(operation, form));
      }
    }
    return rows;
  }

  /** Names a case after its method alone, so that {@link #ROW} reads {@code http404 [...]}. */
  static final class MethodNames extends DisplayNameGenerator.Standard {
    MethodNames() {}

    @Override
    public String generateDisplayNameForMethod(
        List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
      return testMethod.getName();
    }
  }
}
