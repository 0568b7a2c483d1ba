package org.aecapture.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;
import org.aecapture.domain.QueryStep;

/**
 * Data queries and their steps, audited: a query's state changes through {@link #update}; its steps are only ever
 * inserted (the tables' triggers refuse anything else).
 */
public final class DataQueryRepository extends VersionedRepository<DataQuery> {

    public static final String ENTITY = "data_query";
    private static final String COLUMNS = "q.id, s.subject_id, q.target, q.record_id, q.field, q.check_id, q.state, q.raised_by, q.raised_at,"
            + " q.text, q.version, s.site";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM data_query q JOIN subject s ON s.id = q.subject_ref";

    private final SubjectRepository subjects;
    private final Steps steps = new Steps();

    public DataQueryRepository(SubjectRepository subjects) {
        this.subjects = subjects;
    }

    public DataQuery insert(Tx tx, DataQuery q) throws SQLException {
        return insertRecord(tx, q, null);
    }

    public DataQuery update(Tx tx, DataQuery q, String reason) throws SQLException {
        return updateRecord(tx, q, reason);
    }

    public QueryStep insertStep(Tx tx, QueryStep step) throws SQLException {
        return steps.insert(tx, step);
    }

    public List<QueryStep> steps(Tx tx, long queryId) throws SQLException {
        return query(tx, DataQueryRepository::readStep, Steps.SELECT + " WHERE st.query_ref = ? ORDER BY st.id", queryId);
    }

    @Override
    public Optional<DataQuery> findById(Tx tx, long id) throws SQLException {
        return query(tx, DataQueryRepository::read, SELECT + " WHERE q.id = ?", id).stream().findFirst();
    }

    /** Every query with its site and last activity, oldest first. */
    public List<QueryRow> findAll(Tx tx) throws SQLException {
        return query(tx, rs -> new QueryRow(read(rs), rs.getString(12), UtcText.parse(rs.getString(13))), "SELECT " + COLUMNS
                + ", coalesce((SELECT max(st.at_utc) FROM data_query_step st WHERE st.query_ref = q.id), q.raised_at)"
                + " FROM data_query q JOIN subject s ON s.id = q.subject_ref ORDER BY q.id");
    }

    /** The queries an edit check raised that still wait on someone. */
    private static final String OUTSTANDING_SYSTEM = SELECT + " WHERE q.check_id IS NOT NULL AND q.state IN ('OPEN', 'ANSWERED')";

    /** Every query that an edit check raised and that still waits on someone (a run of the checks over the study). */
    public List<DataQuery> outstandingSystemQueries(Tx tx) throws SQLException {
        return query(tx, DataQueryRepository::read, OUTSTANDING_SYSTEM);
    }

    /** A subject's queries that an edit check raised and that still wait on someone. */
    public List<DataQuery> outstandingSystemQueries(Tx tx, String subjectNumber) throws SQLException {
        return query(tx, DataQueryRepository::read, OUTSTANDING_SYSTEM + " AND s.subject_id = ?", subjectNumber);
    }

    /** How many queries wait on someone (open or answered), by site: counted in the database, no query read. */
    public Map<String, Integer> outstandingBySite(Tx tx) throws SQLException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        forEach(tx, rs -> Map.entry(rs.getString(1), rs.getInt(2)), e -> counts.put(e.getKey(), e.getValue()),
                "SELECT s.site, count(*) FROM data_query q JOIN subject s ON s.id = q.subject_ref WHERE q.state IN ('OPEN', 'ANSWERED')"
                        + " GROUP BY s.site");
        return counts;
    }

    /**
     * The edit checks' queries on some AEs that still wait on someone. Found by the AEs alone (their ids name them in
     * the whole study), through the index on the record: by their subject, a save read every query of the subject.
     */
    public List<DataQuery> outstandingSystemQueries(Tx tx, java.util.Set<Long> aeIds) throws SQLException {
        if (aeIds.isEmpty()) {
            return List.of();
        }
        return query(tx, DataQueryRepository::read, OUTSTANDING_SYSTEM + " AND q.target = 'adverse_event' AND q.record_id IN ("
                + marks(aeIds.size()) + ")", aeIds.toArray());
    }

    /** The queries on one record. */
    public List<DataQuery> forRecord(Tx tx, DataQuery.Target target, long recordId) throws SQLException {
        return query(tx, DataQueryRepository::read, SELECT + " WHERE q.target = ? AND q.record_id = ? ORDER BY q.id", target.code(), recordId);
    }

    /** How many queries still wait on someone, by record, for one kind of record: the lists' "open queries" column. */
    public Map<Long, Integer> outstandingByRecord(Tx tx, DataQuery.Target target) throws SQLException {
        Map<Long, Integer> counts = new HashMap<>();
        forEach(tx, rs -> Map.entry(rs.getLong(1), rs.getInt(2)), e -> counts.put(e.getKey(), e.getValue()),
                "SELECT record_id, count(*) FROM data_query WHERE target = ? AND state IN ('OPEN', 'ANSWERED') GROUP BY record_id",
                target.code());
        return counts;
    }

    /** The uid of the record a query or a mark is about: what names it in the other database after a sync. */
    static String uidOf(Tx tx, DataQuery.Target target, long recordId) throws SQLException {
        // the table's name comes from the enum, never from input
        var ps = tx.reused("SELECT uid FROM " + target.code() + " WHERE id = ?");
        ps.setLong(1, recordId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalArgumentException("There is no " + target.code().replace('_', ' ') + " " + recordId + ".");
            }
            return rs.getString(1);
        }
    }

    private static DataQuery read(ResultSet rs) throws SQLException {
        return new DataQuery(rs.getLong(1), rs.getString(2), DataQuery.Target.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getLong(4),
                rs.getString(5), rs.getString(6), DataQuery.State.valueOf(rs.getString(7)), rs.getString(8), UtcText.parse(rs.getString(9)),
                rs.getString(10), rs.getInt(11));
    }

    private static QueryStep readStep(ResultSet rs) throws SQLException {
        return new QueryStep(rs.getLong(1), rs.getLong(2), rs.getString(3), QueryStep.Action.valueOf(rs.getString(4)), rs.getString(5),
                UtcText.parse(rs.getString(6)), rs.getString(7), DataQuery.State.valueOf(rs.getString(8)), rs.getInt(9), rs.getInt(10));
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, DataQuery q) throws SQLException {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("subject_ref", subjects.keyOf(tx, q.subjectNumber()));
        c.put("target", q.target().code());
        c.put("record_id", q.recordId());
        c.put("record_uid", uidOf(tx, q.target(), q.recordId()));
        c.put("field", q.field());
        c.put("check_id", q.checkId());
        c.put("state", q.state().name());
        c.put("raised_by", q.raisedBy());
        c.put("raised_at", UtcText.format(q.raisedAt()));
        c.put("text", q.text());
        return c;
    }

    @Override
    protected String describe(DataQuery q) {
        return "query " + q.id() + " on " + q.target().code().replace('_', ' ') + " " + q.recordId() + " of subject " + q.subjectNumber();
    }

    /** The steps: inserted once, each with its audit row, never changed. */
    private final class Steps extends VersionedRepository<QueryStep> {
        static final String SELECT = "SELECT st.id, st.query_ref, s.subject_id, st.action, st.by_user, st.at_utc, st.text, st.state_after,"
                + " st.corrected_version, st.version FROM data_query_step st JOIN data_query q ON q.id = st.query_ref"
                + " JOIN subject s ON s.id = q.subject_ref";

        QueryStep insert(Tx tx, QueryStep step) throws SQLException {
            return insertRecord(tx, step, null);
        }

        @Override
        protected String table() {
            return "data_query_step";
        }

        @Override
        protected LinkedHashMap<String, Object> columns(Tx tx, QueryStep st) {
            LinkedHashMap<String, Object> c = new LinkedHashMap<>();
            c.put("query_ref", st.queryId());
            c.put("action", st.action().name());
            c.put("by_user", st.by());
            c.put("at_utc", UtcText.format(st.at()));
            c.put("text", st.text());
            c.put("state_after", st.stateAfter().name());
            c.put("corrected_version", st.correctedVersion());
            return c;
        }

        @Override
        protected Optional<QueryStep> findById(Tx tx, long id) throws SQLException {
            return query(tx, DataQueryRepository::readStep, SELECT + " WHERE st.id = ?", id).stream().findFirst();
        }

        @Override
        protected String describe(QueryStep st) {
            return "step " + st.id() + " of query " + st.queryId();
        }
    }
}
