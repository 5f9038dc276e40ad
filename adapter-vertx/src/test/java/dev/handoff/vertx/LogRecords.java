package dev.handoff.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that wrote a {@code java.util.logging} record at {@code INFO} or above (what an
 * application that configured nothing prints on stderr): the Vert.x transport must never log,
 * whatever a peer does. Attached to the root logger and to Vert.x's and Netty's, whose levels it
 * lowers to {@code INFO} when they are stricter and restores after, like the behaviour contract's
 * recorder. Register with {@code @RegisterExtension}; it checks after the test's own
 * {@code @AfterEach} methods, so what closing logs counts too.
 */
final class LogRecords extends Handler implements BeforeEachCallback, AfterEachCallback {
  private static final List<String> LOGGERS = List.of("", "io.vertx", "io.netty");

  private final Set<LogRecord> seen = ConcurrentHashMap.newKeySet();
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final Map<Logger, @Nullable Level> levels = new LinkedHashMap<>();

  LogRecords() {
    setLevel(Level.ALL);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    seen.clear();
    records.clear();
    for (String name : LOGGERS) {
      Logger logger = Logger.getLogger(name);
      levels.put(logger, logger.getLevel());
      if (!logger.isLoggable(Level.INFO)) {
        logger.setLevel(Level.INFO);
      }
      logger.addHandler(this);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (Map.Entry<Logger, @Nullable Level> saved : levels.entrySet()) {
      saved.getKey().removeHandler(this);
      saved.getKey().setLevel(saved.getValue());
    }
    levels.clear();
    assertThat(records).as("log records written during the test").isEmpty();
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.INFO.intValue() && seen.add(record)) {
      records.add(
          record.getLevel()
              + " "
              + record.getLoggerName()
              + ": "
              + record.getMessage()
              + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
