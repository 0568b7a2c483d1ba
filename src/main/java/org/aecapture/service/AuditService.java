package org.aecapture.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.IntConsumer;
import org.aecapture.report.ListingWorkbookWriter;
import org.aecapture.store.AuditTrail;
import org.aecapture.store.AuditTrail.Entry;
import org.aecapture.store.AuditTrail.Query;

/** The whole audit trail, searched in the database (it can hold millions of rows) and exported to .xlsx. */
public final class AuditService {

    /** The newest entries that match, and how many match in all. */
    public record Page(List<Entry> entries, int total) { }

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("org.aecapture.report.ReportText", Locale.ENGLISH);

    private final AeCapture app;

    AuditService(AeCapture app) {
        this.app = app;
    }

    public Page search(Query q, int limit) {
        return app.database().inTransaction(tx -> new Page(AuditTrail.search(tx, q, limit), AuditTrail.count(tx, q)));
    }

    public List<String> users() {
        return app.database().inTransaction(tx -> AuditTrail.distinct(tx, "user_name"));
    }

    public List<String> entities() {
        return app.database().inTransaction(tx -> AuditTrail.distinct(tx, "entity"));
    }

    /** Writes every matching entry, oldest first, with the filter on top; whole or not at all. */
    public int export(Path out, Query q, String filterText, IntConsumer progress) {
        return app.database().inTransaction(tx -> {
            List<List<String>> rows = new ArrayList<>();
            AuditTrail.forEach(tx, q, e -> rows.add(List.of(e.at().toString(), e.user(), e.action().name(), e.entity(),
                    String.valueOf(e.recordId()), nz(e.subjectId()), e.field(), nz(e.oldValue()), nz(e.newValue()), nz(e.reason()))));
            List<String> title = List.of(
                    MessageFormat.format(TEXT.getString("audit.title"), app.study().studyId(), app.study().protocol()),
                    MessageFormat.format(TEXT.getString("audit.filter"), filterText),
                    MessageFormat.format(TEXT.getString("audit.counts"), rows.size(), app.database().clock().instant(),
                            app.database().currentUser()));
            try {
                ListingWorkbookWriter.write(out, TEXT.getString("audit.sheet"), title, List.of(TEXT.getString("audit.columns").split("\\|")),
                        rows, progress);
            } catch (IOException e) {
                throw new UncheckedIOException("The audit trail could not be written to " + out + ": " + e.getMessage()
                        + ". No file was left half-written.", e);
            }
            return rows.size();
        });
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
