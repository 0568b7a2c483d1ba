package org.aecapture.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.IntConsumer;
import java.util.TreeSet;
import org.aecapture.domain.Role;
import org.aecapture.report.ListingWorkbookWriter;
import org.aecapture.domain.SecurityEntry;
import org.aecapture.store.Database;
import org.aecapture.store.AuditTrail;
import org.aecapture.domain.AuditEntry;
import org.aecapture.domain.AuditQuery;

/**
 * The whole audit trail and the security events (sign-ins, failures, lockouts, account changes), searched in
 * the database (they can hold millions of rows) and exported to .xlsx: for administrators and safety reviewers.
 */
public final class AuditService {

    /** The newest entries that match, and how many match in all. */
    public record Page(List<AuditEntry> entries, int total) { }

    /** The newest security events that match; {@code more} when further ones match too. */
    public record SecurityPage(List<SecurityEntry> entries, boolean more) { }

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("org.aecapture.report.ReportText", Locale.ENGLISH);

    private final AeCapture app;

    AuditService(AeCapture app) {
        this.app = app;
    }

    public Page search(AuditQuery q, int limit) {
        return read(tx -> new Page(AuditTrail.search(tx, q, limit), AuditTrail.count(tx, q)));
    }

    /** Security events of the query's user and date range (its other criteria are about records), newest first. */
    public SecurityPage securityEvents(AuditQuery q, int limit) {
        return read(tx -> {
            List<SecurityEntry> found = app.accountRepository().events(tx, q.user(), q.from(), q.to(), limit + 1);
            return new SecurityPage(found.subList(0, Math.min(limit, found.size())), found.size() > limit);
        });
    }

    /** Everyone named in the audit trail or the security events. */
    public List<String> users() {
        return read(tx -> {
            TreeSet<String> names = new TreeSet<>(AuditTrail.distinct(tx, "user_name"));
            names.addAll(app.accountRepository().eventUsers(tx));
            return List.copyOf(names);
        });
    }

    public List<String> entities() {
        return read(tx -> AuditTrail.distinct(tx, "entity"));
    }

    /** A read of the trail, allowed to administrators and safety reviewers. */
    private <T> T read(Database.Work<T> work) {
        return app.database().read(tx -> {
            app.access().requireRole(tx, "read the audit trail", Role.ADMINISTRATOR, Role.SAFETY_REVIEWER);
            return work.run(tx);
        });
    }

    /**
     * Writes every matching entry, oldest first, with the filter on top, and on a second sheet the security
     * events of the filter's user and dates; whole or not at all.
     *
     * @return how many audit trail entries were written
     */
    public int export(Path out, AuditQuery q, String filterText, IntConsumer progress) {
        return read(tx -> {
            List<List<String>> rows = new ArrayList<>();
            AuditTrail.forEach(tx, q, e -> rows.add(List.of(e.at().toString(), e.author(), e.action().name(), e.entity(),
                    String.valueOf(e.recordId()), nz(e.subjectId()), e.field(), nz(e.oldValue()), nz(e.newValue()), nz(e.reason()))));
            List<List<String>> events = new ArrayList<>();
            for (SecurityEntry e : app.accountRepository().events(tx, q.user(), q.from(), q.to(), Integer.MAX_VALUE)) {
                events.add(List.of(e.at().toString(), e.user(), e.event().name(), nz(e.detail())));
            }
            Collections.reverse(events); // oldest first, like the audit trail sheet
            String exported = MessageFormat.format(TEXT.getString("audit.exported"), app.database().clock().instant(), app.database().currentUser());
            List<String> study = List.of(MessageFormat.format(TEXT.getString("audit.title"), app.study().studyId(), app.study().protocol(),
                    app.study().ctcae()),
                    MessageFormat.format(TEXT.getString("audit.filter"), filterText));
            List<String> title = new ArrayList<>(study);
            title.add(MessageFormat.format(TEXT.getString("audit.counts"), rows.size()) + ", " + exported);
            List<String> securityTitle = new ArrayList<>(study);
            securityTitle.set(0, MessageFormat.format(TEXT.getString("security.title"), app.study().studyId(), app.study().protocol()));
            securityTitle.add(MessageFormat.format(TEXT.getString("security.counts"), events.size()) + ", " + exported);
            try {
                ListingWorkbookWriter.write(out, List.of(
                        new ListingWorkbookWriter.Sheet(TEXT.getString("audit.sheet"), title, columns("audit.columns"), rows),
                        new ListingWorkbookWriter.Sheet(TEXT.getString("security.sheet"), securityTitle, columns("security.columns"), events)),
                        progress);
            } catch (IOException e) {
                throw new UncheckedIOException("The audit trail could not be written to " + out + ": " + e.getMessage()
                        + ". No file was left half-written.", e);
            }
            return rows.size();
        });
    }

    private static List<String> columns(String key) {
        return List.of(TEXT.getString(key).split("\\|"));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
