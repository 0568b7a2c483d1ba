package org.aecapture.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The log line reads as the pattern it replaced: {@code %d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n}, stack after. */
class LogConfiguratorTest {

    private final LoggerContext context = new LoggerContext();

    private String line(Level level, String message, Throwable thrown, Object... args) {
        return line("org.aecapture.service.SummaryExport", level, message, thrown, args);
    }

    private String line(String loggerName, Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(loggerName), level, message, thrown, args);
        event.setTimeStamp(LocalDateTime.of(2026, 11, 26, 9, 5, 7, 42_000_000).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
        LogConfigurator.LineLayout layout = new LogConfigurator.LineLayout();
        layout.setContext(context);
        layout.start();
        return layout.doLayout(event);
    }

    @Test
    void aLineHasTimePaddedLevelLoggerAndTheFormattedMessage() {
        assertEquals("09:05:07.042 INFO  org.aecapture.service.SummaryExport - Summary of 3 AEs" + System.lineSeparator(),
                line(Level.INFO, "Summary of {} AEs", null, 3));
        assertEquals("09:05:07.042 WARN  org.aecapture.service.SummaryExport - disk full" + System.lineSeparator(),
                line(Level.WARN, "disk full", null));
    }

    @Test
    void aLoggerNameOver36CharactersHasItsPackagesShortenedFromTheLeft() {
        assertEquals("09:05:07.042 DEBUG o.a.u.r.ReviewViewModelController - shown" + System.lineSeparator(),
                line("org.aecapture.ui.review.ReviewViewModelController", Level.DEBUG, "shown", null));
    }

    @Test
    void aFailureIsFollowedByItsStackTrace() {
        String text = line(Level.ERROR, "The export failed", new IllegalStateException("no space left"));
        String[] lines = text.split(System.lineSeparator());
        assertEquals("09:05:07.042 ERROR org.aecapture.service.SummaryExport - The export failed", lines[0]);
        assertEquals("java.lang.IllegalStateException: no space left", lines[1]);
        assertTrue(lines[2].strip().startsWith("at org.aecapture.app.LogConfiguratorTest"), lines[2]);
    }
}
