package org.aecapture.store;

import org.aecapture.location.DatabaseLocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;

/** Shared fixtures for tests against real SQLite files and a real PostgreSQL server. */
public final class StoreTestSupport {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2022-06-01T10:00:00Z"), ZoneOffset.UTC);

    private StoreTestSupport() {
    }

    public static Subject subject(String number) {
        return new Subject(null, number, number.substring(0, 3), Sex.FEMALE, PartialDate.parseIso("1980-03-04"),
                LocalDate.of(2021, 6, 20), LocalDate.of(2021, 7, 15), null, null, 0);
    }

    /** A valid, resolved, non-serious grade 2 headache of the given subject. */
    public static AdverseEvent headache(String subjectNumber) {
        return AdverseEvent.of(subjectNumber).verbatimTerm("headache").meddraCode("10019211").grade(2)
                .onsetDate(PartialDate.parseIso("2021-08-01")).endDate(PartialDate.parseIso("2021-08-03"))
                .relationship(Relationship.UNLIKELY).actionTaken(ActionTaken.DOSE_NOT_CHANGED).outcome(Outcome.RECOVERED)
                .reportedAtVisit("W2").build();
    }

    /** Every row of every table, as text: to prove that a refused operation changed nothing. */
    public static List<String> dump(Path db) throws SQLException {
        return dump(new DatabaseLocation.SqliteFile(db));
    }

    /** Every row of every table of a file or a server's database, in a stable order. */
    public static List<String> dump(DatabaseLocation db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestStore.connect(db);
             Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            String tableQuery = db instanceof DatabaseLocation.SqliteFile
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                            + " ORDER BY table_name";
            try (ResultSet rs = st.executeQuery(tableQuery)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t + " ORDER BY 1")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder(t).append(':');
                        for (int i = 1; i <= n; i++) {
                            sb.append(rs.getString(i)).append('|');
                        }
                        rows.add(sb.toString());
                    }
                }
            }
        }
        return rows;
    }

    public static long count(Path db, String sql) throws SQLException {
        return count(new DatabaseLocation.SqliteFile(db), sql);
    }

    /** The first column of a query's rows, as text, read on a connection of the caller's (a login's own, as psql would). */
    public static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    public static long count(DatabaseLocation db, String sql) throws SQLException {
        try (Connection c = TestStore.connect(db);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One field of the audit trail as a reader sees it, read from the raw rows outside the application. */
    public record AuditField(String entity, String action, String field, String oldValue, String newValue, String user) { }

    /**
     * The audit trail's fields of the rows that match {@code where}, oldest first: a change's row as it is, an insert's
     * single row unfolded into its fields (its new value is a JSON object of them), here with a JSON reader of its own.
     */
    public static List<AuditField> auditFields(Path db, String where) throws Exception {
        return auditFields(new DatabaseLocation.SqliteFile(db), where);
    }

    public static List<AuditField> auditFields(DatabaseLocation db, String where) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<AuditField> fields = new java.util.ArrayList<>();
        try (Connection c = TestStore.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT entity, action, field, old_value, new_value, user_name FROM audit_trail" + where + " ORDER BY id")) {
            while (rs.next()) {
                if (rs.getString(3).equals("*")) {
                    var values = json.readTree(rs.getString(5));
                    for (var it = values.fields(); it.hasNext(); ) {
                        var f = it.next();
                        fields.add(new AuditField(rs.getString(1), rs.getString(2), f.getKey(), null, f.getValue().textValue(), rs.getString(6)));
                    }
                } else {
                    fields.add(new AuditField(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        return fields;
    }

    /** Runs one statement on the database as its owner, outside the application. */
    public static void execute(DatabaseLocation db, String sql) throws SQLException {
        try (Connection c = TestStore.connect(db); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
    /** A hospitalised pneumonitis, possibly related: not on the reference safety information's list, so a SUSAR. */
    public static AdverseEvent pneumonitisSae(String subject) {
        return AdverseEvent.of(subject).verbatimTerm("pneumonitis").meddraCode("10035742").grade(3)
                .onsetDate(PartialDate.parseIso("2021-09-01")).ongoing(true).serious(true)
                .seriousCriteria(java.util.EnumSet.of(org.aecapture.domain.SeriousCriterion.HOSPITALIZATION))
                .relationship(Relationship.POSSIBLE).actionTaken(ActionTaken.DRUG_INTERRUPTED).outcome(Outcome.NOT_RECOVERED)
                .reportedAtVisit("W8").build();
    }

    /** SAE details: aware at {@code aware}, admitted on 1 September 2021, with a history and a concomitant medication. */
    public static org.aecapture.sae.SaeDetails saeDetails(java.time.OffsetDateTime aware, String narrative) {
        return new org.aecapture.sae.SaeDetails(null, 0, null, aware, LocalDate.of(2021, 9, 1), null, null, null, null, narrative, "SLE since 2015",
                "hydroxychloroquine 200 mg bd", org.aecapture.sae.ChallengeResult.UNKNOWN, org.aecapture.sae.ChallengeResult.NOT_APPLICABLE, 0);
    }

}
