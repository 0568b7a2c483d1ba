package org.aecapture.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aecapture.checks.EditChecks.TermSpan;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.CodedValue;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.lab.LabMeasurement;

/** Adverse events, with their audit trail. Deletion is soft: the row stays, flagged, with its reason. */
public final class AdverseEventRepository extends VersionedRepository<AdverseEvent> {

    public static final String ENTITY = "adverse_event";
    private static final String SELECT = "SELECT a.id, s.subject_id, a.verbatim_term, a.meddra_code, a.ctcae_term, a.soc,"
            + " a.other_specify, a.grade, a.onset_date, a.end_date, a.ongoing, a.serious, a.sdth, a.slife, a.shosp, a.sdisab,"
            + " a.scong, a.smie, a.relationship, a.action_taken, a.outcome, a.visit, a.version, a.deleted,"
            + " a.term_coding, a.lab_value, a.lab_unit, a.lab_lln, a.lab_uln, a.lab_baseline, a.grade_reason, a.lab_facts, a.lab_diastolic"
            + " FROM adverse_event a JOIN subject s ON s.id = a.subject_ref";

    private final SubjectRepository subjects;

    public AdverseEventRepository(SubjectRepository subjects) {
        this.subjects = subjects;
    }

    public AdverseEvent insert(Tx tx, AdverseEvent ae, String reason) throws SQLException {
        return insertRecord(tx, ae, reason);
    }

    /**
     * Saves a correction; {@code storedBefore} is handed the AE as stored until now, read once for the version check and
     * for the caller (the edit checks look at the term it had).
     */
    public AdverseEvent update(Tx tx, AdverseEvent ae, String reason, java.util.function.Consumer<AdverseEvent> storedBefore)
            throws SQLException {
        if (ae.deleted()) {
            throw new IllegalArgumentException("A deleted adverse event cannot be changed.");
        }
        return updateRecord(tx, ae, reason, storedBefore);
    }

    /** Marks the AE deleted with its reason; the row and its history stay. */
    public AdverseEvent softDelete(Tx tx, AdverseEvent ae, String reason) throws SQLException {
        AdverseEvent stored = loadCurrent(tx, ae, "delete");
        AuditTrail.requireReason(reason, "delete " + describe(stored));
        if (stored.deleted()) {
            throw new StoreException(describe(stored) + " is already deleted.");
        }
        PreparedStatement ps = tx.reused("UPDATE adverse_event SET deleted = 1, delete_reason = ?, version = version + 1"
                + " WHERE id = ? AND version = ?");
        ps.setString(1, reason);
        ps.setLong(2, ae.id());
        ps.setInt(3, ae.version());
        if (ps.executeUpdate() != 1) {
            throw stale(tx, ae);
        }
        AuditTrail.recordDelete(tx, ENTITY, ae.id(), ae.subjectNumber(), reason);
        return stored.asDeleted(stored.version() + 1);
    }

    @Override
    public Optional<AdverseEvent> findById(Tx tx, long id) throws SQLException {
        return query(tx, AdverseEventRepository::read, SELECT + " WHERE a.id = ?", id).stream().findFirst();
    }

    public List<AdverseEvent> findBySubject(Tx tx, String subjectNumber, boolean includeDeleted) throws SQLException {
        return query(tx, AdverseEventRepository::read, SELECT + " WHERE s.subject_id = ?" + (includeDeleted ? "" : " AND a.deleted = 0") + " ORDER BY a.id", subjectNumber);
    }

    /** A subject's AEs (not deleted) coded to any of {@code codes}: what a save of one of them can make duplicates of. */
    public List<AdverseEvent> findBySubjectAndTerms(Tx tx, String subjectNumber, java.util.Set<String> codes) throws SQLException {
        if (codes.isEmpty()) {
            return List.of();
        }
        List<Object> args = new java.util.ArrayList<>(List.of(subjectNumber));
        args.addAll(codes);
        return query(tx, AdverseEventRepository::read, SELECT + " WHERE s.subject_id = ? AND a.deleted = 0 AND a.meddra_code IN ("
                + marks(codes.size()) + ") ORDER BY a.id", args.toArray());
    }

    /**
     * The dates of a subject's AEs of one term, not deleted: what a new AE of the term is checked against for duplicates,
     * read without the rest of each record.
     */
    public List<TermSpan> spansOfTerm(Tx tx, String subjectNumber, String code) throws SQLException {
        List<TermSpan> spans = new java.util.ArrayList<>();
        forEach(tx, rs -> new TermSpan(rs.getLong(1), Interner.NONE.date(rs.getString(2)),
                        Interner.NONE.date(rs.getString(3))), spans::add,
                "SELECT a.id, a.onset_date, a.end_date FROM adverse_event a JOIN subject s ON s.id = a.subject_ref WHERE s.subject_id = ?"
                        + " AND a.deleted = 0 AND a.meddra_code = ?", subjectNumber, code);
        return spans;
    }

    /** Every AE, by subject and then in the order entered. */
    public List<AdverseEvent> findAll(Tx tx, boolean includeDeleted) throws SQLException {
        return findAll(tx, (includeDeleted ? "" : " WHERE a.deleted = 0") + " ORDER BY s.subject_id, a.id");
    }

    /**
     * Every AE not deleted, as the safety summary counts and lists them: without the visit and the note of how the term
     * was chosen (left null), which the summary does not show, and with the eight yes/no columns read as one number. In
     * the order entered (by key), so that the database reads the table as it lies instead of sorting it first. Why: at
     * 100,000 AEs, each value fetched through the driver costs more than the database's own work.
     */
    public List<AdverseEvent> findAllForSummary(Tx tx) throws SQLException {
        List<AdverseEvent> aes = new java.util.ArrayList<>();
        forEachForSummary(tx, aes::add);
        return aes;
    }

    /** {@link #findAllForSummary}, each AE handed to {@code each} as it is read. */
    public void forEachForSummary(Tx tx, java.util.function.Consumer<AdverseEvent> each) throws SQLException {
        Interner same = new Interner(true);
        SeriousCriterion[] all = SeriousCriterion.values();
        StringBuilder flags = new StringBuilder("a.ongoing + 2 * a.serious");
        for (int i = 0; i < all.length; i++) {
            flags.append(" + ").append(4 << i).append(" * a.").append(all[i].code());
        }
        forEach(tx, rs -> {
            int f = rs.getInt(11);
            EnumSet<SeriousCriterion> criteria = EnumSet.noneOf(SeriousCriterion.class);
            for (int i = 0; i < all.length; i++) {
                if ((f & (4 << i)) != 0) {
                    criteria.add(all[i]);
                }
            }
            return AdverseEvent.of(same.text(rs.getString(2))).id(rs.getLong(1)).verbatimTerm(same.text(rs.getString(3)))
                    .term(same.text(rs.getString(4)), same.text(rs.getString(5)), same.text(rs.getString(6)))
                    .otherSpecify(same.text(rs.getString(7))).grade(rs.getInt(8)).onsetDate(same.date(rs.getString(9)))
                    .endDate(same.date(rs.getString(10))).ongoing((f & 1) != 0).serious((f & 2) != 0)
                    .seriousCriteria(criteria)
                    .relationship(CodedValue.fromCode(Relationship.class, rs.getString(12)).orElseThrow())
                    .actionTaken(CodedValue.fromCode(ActionTaken.class, rs.getString(13)).orElseThrow())
                    .outcome(CodedValue.fromCode(Outcome.class, rs.getString(14)).orElseThrow()).version(rs.getInt(15))
                    .lab(lab(rs, 16, same)).gradeReason(rs.getString(21)).build();
        }, each, "SELECT a.id, s.subject_id, a.verbatim_term, a.meddra_code, a.ctcae_term, a.soc, a.other_specify, a.grade, a.onset_date,"
                + " a.end_date, " + flags + ", a.relationship, a.action_taken, a.outcome, a.version, a.lab_value, a.lab_unit, a.lab_lln,"
                + " a.lab_uln, a.lab_baseline, a.grade_reason FROM adverse_event a JOIN subject s ON s.id = a.subject_ref"
                + " WHERE a.deleted = 0 ORDER BY a.id");
    }

    /** The serious AEs not deleted, by subject and then in the order entered. */
    public List<AdverseEvent> findSerious(Tx tx) throws SQLException {
        return findAll(tx, " WHERE a.deleted = 0 AND a.serious = 1 ORDER BY s.subject_id, a.id");
    }

    private List<AdverseEvent> findAll(Tx tx, String whereAndOrder) throws SQLException {
        Interner same = new Interner(true);
        return query(tx, rs -> read(rs, same), SELECT + whereAndOrder);
    }

    /**
     * One instance for each repeated value of a long read: a trial's AEs repeat their subject numbers, terms, SOCs,
     * verbatims and dates, and a million AEs must fit in the summary export's memory.
     */
    private static final class Interner {
        /** Each value as read: a short read (one subject, one AE) has little to share. */
        static final Interner NONE = new Interner(false);

        private final boolean sharing;
        private final Map<String, String> strings = new HashMap<>();
        private final Map<String, PartialDate> dates = new HashMap<>();

        Interner(boolean sharing) {
            this.sharing = sharing;
        }

        String text(String s) {
            return s == null || !sharing ? s : strings.computeIfAbsent(s, k -> k);
        }

        PartialDate date(String iso) {
            if (iso == null || iso.isBlank()) {
                return null;
            }
            return sharing ? dates.computeIfAbsent(iso, PartialDate::parseIso) : PartialDate.parseIso(iso);
        }
    }

    public Optional<String> deleteReason(Tx tx, long id) throws SQLException {
        try (PreparedStatement ps = tx.connection().prepareStatement("SELECT delete_reason FROM adverse_event WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** One AE's coding: its subject's site, its verbatim and the MedDRA code of its CTCAE term. */
    public record Coding(String site, String verbatim, String meddraCode) { }

    /** The coding of every AE not deleted: the study's coding history, three columns only. */
    public List<Coding> codings(Tx tx) throws SQLException {
        return query(tx, rs -> new Coding(rs.getString(1), rs.getString(2), rs.getString(3)), "SELECT s.site, a.verbatim_term,"
                + " a.meddra_code FROM adverse_event a JOIN subject s ON s.id = a.subject_ref WHERE a.deleted = 0");
    }

    /** How many adverse events (not deleted) each subject has, by subject number. */
    public Map<String, Integer> countsBySubject(Tx tx) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        for (Object[] row : query(tx, rs -> new Object[] {rs.getString(1), rs.getInt(2)}, "SELECT s.subject_id, COUNT(*)"
                + " FROM adverse_event a JOIN subject s ON s.id = a.subject_ref WHERE a.deleted = 0 GROUP BY s.subject_id")) {
            counts.put((String) row[0], (Integer) row[1]);
        }
        return counts;
    }

    private static AdverseEvent read(ResultSet rs) throws SQLException {
        return read(rs, Interner.NONE);
    }

    private static AdverseEvent read(ResultSet rs, Interner same) throws SQLException {
        EnumSet<SeriousCriterion> criteria = EnumSet.noneOf(SeriousCriterion.class);
        SeriousCriterion[] all = SeriousCriterion.values();
        for (int i = 0; i < all.length; i++) {
            if (rs.getInt(13 + i) == 1) {
                criteria.add(all[i]);
            }
        }
        return AdverseEvent.of(same.text(rs.getString(2))).id(rs.getLong(1)).verbatimTerm(same.text(rs.getString(3)))
                .term(same.text(rs.getString(4)), same.text(rs.getString(5)), same.text(rs.getString(6)))
                .otherSpecify(same.text(rs.getString(7))).grade(rs.getInt(8)).onsetDate(same.date(rs.getString(9)))
                .endDate(same.date(rs.getString(10))).ongoing(rs.getInt(11) == 1).serious(rs.getInt(12) == 1)
                .seriousCriteria(criteria)
                .relationship(CodedValue.fromCode(Relationship.class, rs.getString(19)).orElseThrow())
                .actionTaken(CodedValue.fromCode(ActionTaken.class, rs.getString(20)).orElseThrow())
                .outcome(CodedValue.fromCode(Outcome.class, rs.getString(21)).orElseThrow())
                .reportedAtVisit(same.text(rs.getString(22))).version(rs.getInt(23)).deleted(rs.getInt(24) == 1)
                .termCoding(same.text(rs.getString(25))).lab(withFacts(lab(rs, 26, same), rs.getString(32), rs.getString(33)))
                .gradeReason(rs.getString(31)).build();
    }

    /** The laboratory value as typed, from its five columns on: kept as text, so that 0.80 stays 0.80. */
    private static LabMeasurement lab(ResultSet rs, int first, Interner same) throws SQLException {
        String value = rs.getString(first);
        if (value == null) {
            return null;
        }
        return new LabMeasurement(new BigDecimal(value), same.text(rs.getString(first + 1)), decimal(rs.getString(first + 2)),
                decimal(rs.getString(first + 3)), decimal(rs.getString(first + 4)));
    }

    /** The value with its stated facts and, for a blood pressure, its diastolic value. */
    private static LabMeasurement withFacts(LabMeasurement lab, String facts, String diastolic) {
        return lab == null || facts == null && diastolic == null ? lab : new LabMeasurement(lab.value(), lab.unit(), lab.lln(), lab.uln(),
                lab.baseline(), LabMeasurement.parseFacts(facts), decimal(diastolic));
    }

    private static BigDecimal decimal(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static String text(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }

    @Override
    protected String table() {
        return ENTITY;
    }

    @Override
    protected LinkedHashMap<String, Object> columns(Tx tx, AdverseEvent ae) throws SQLException {
        LinkedHashMap<String, Object> c = new LinkedHashMap<>();
        c.put("subject_ref", subjects.keyOf(tx, ae.subjectNumber()));
        c.put("verbatim_term", ae.verbatimTerm());
        c.put("meddra_code", ae.meddraCode());
        c.put("ctcae_term", ae.ctcaeTerm());
        c.put("soc", ae.soc());
        c.put("other_specify", ae.otherSpecify() == null || ae.otherSpecify().isBlank() ? null : ae.otherSpecify());
        c.put("grade", ae.grade());
        c.put("onset_date", ae.onset().map(PartialDate::toIso).orElse(null));
        c.put("end_date", ae.end().map(PartialDate::toIso).orElse(null));
        c.put("ongoing", ae.ongoing());
        c.put("serious", ae.serious());
        for (SeriousCriterion sc : SeriousCriterion.values()) {
            c.put(sc.code(), ae.seriousCriteria().contains(sc));
        }
        c.put("relationship", ae.relationship().code());
        c.put("action_taken", ae.actionTaken().code());
        c.put("outcome", ae.outcome().code());
        c.put("visit", ae.reportedAtVisit());
        c.put("term_coding", ae.termCoding());
        LabMeasurement lab = ae.lab();
        c.put(AeFields.LAB_VALUE, lab == null ? null : text(lab.value()));
        c.put(AeFields.LAB_UNIT, lab == null ? null : lab.unit());
        c.put(AeFields.LAB_LLN, lab == null ? null : text(lab.lln()));
        c.put(AeFields.LAB_ULN, lab == null ? null : text(lab.uln()));
        c.put(AeFields.LAB_BASELINE, lab == null ? null : text(lab.baseline()));
        c.put(AeFields.LAB_FACTS, lab == null ? null : lab.factsText());
        c.put(AeFields.LAB_DIASTOLIC, lab == null ? null : text(lab.diastolic()));
        c.put(AeFields.GRADE_REASON, ae.gradeReason() == null || ae.gradeReason().isBlank() ? null : ae.gradeReason().strip());
        return c;
    }

    @Override
    protected String describe(AdverseEvent ae) {
        return "adverse event " + ae.id() + " (" + ae.verbatimTerm() + ") of subject " + ae.subjectNumber();
    }
}
