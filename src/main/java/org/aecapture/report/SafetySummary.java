package org.aecapture.report;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.StudyDay;
import org.aecapture.domain.Subject;
import org.aecapture.domain.TreatmentEmergence;
import org.aecapture.report.SummaryModel.AboutLine;
import org.aecapture.report.SummaryModel.ColumnGroup;
import org.aecapture.report.SummaryModel.Count;
import org.aecapture.report.SummaryModel.IncidenceTable;
import org.aecapture.lab.LabMeasurement;
import org.aecapture.report.SummaryModel.Listing;
import org.aecapture.report.SummaryModel.Row;
import org.aecapture.report.SummaryModel.RowKind;
import org.aecapture.study.StudyDefinition;

/**
 * Computes the primary-outcome tables (incidence of treatment-emergent AEs by SOC, term and highest
 * CTCAE grade, like the pharmaverse AET01, AET02 and AET04 tables) from subjects, AEs and, once
 * unblinded, the randomization. A pure function: no database, no spreadsheet.
 *
 * <p>Counting rules: the population is the safety population (subjects with a first dose date, on or
 * before the cut-off). Only treatment-emergent, non-deleted AEs with onset not after the cut-off count.
 * A subject counts once per row; in the grade table once, under its highest grade within the row's
 * scope. Related means Possible, Probable or Definite. % = n / N of the column.
 */
public final class SafetySummary {

    private static final ResourceBundle TEXT = ResourceBundle.getBundle("org.aecapture.report.ReportText", Locale.ENGLISH);
    private static final int MIN_SEVERE_GRADE = 3;
    private static final int HIGHEST_GRADE = 5;

    /** A treatment-emergent AE with its subject, as the tables count it. */
    private record Teae(String subject, AdverseEvent ae) { }

    private final SafetyInput in;
    private final Tally tally;
    private final List<ColumnGroup> groups;
    /** For each subject of the population: the index of its arm's column group, or -1 when blinded. */
    private final Map<String, Integer> armGroupOf = new HashMap<>();
    /** Each scope's subjects by column group and highest grade, once read (see {@link #gradesByGroup}). */
    private final Map<Scope, int[][]> gradesByGroup = new java.util.IdentityHashMap<>();

    private SafetySummary(SafetyInput in, Tally tally) {
        this.in = in;
        this.tally = tally;
        List<Subject> population = in.subjects().stream().filter(s -> inSafetyPopulation(s, in.cutoff())).toList();
        groups = new ArrayList<>();
        population.forEach(s -> armGroupOf.put(s.subjectNumber(), -1));
        if (in.unblinded()) {
            List<StudyDefinition.Arm> arms = in.study().arms();
            Map<String, Integer> groupOfArm = new HashMap<>();
            for (int g = 0; g < arms.size(); g++) {
                groupOfArm.put(arms.get(g).code(), g);
            }
            int[] size = new int[arms.size()];
            for (Subject s : population) { // one pass: a look-up per subject, not one per subject and arm
                Integer g = groupOfArm.get(in.armBySubject().get(s.subjectNumber()));
                if (g != null) {
                    armGroupOf.put(s.subjectNumber(), g);
                    size[g]++;
                }
            }
            for (int g = 0; g < arms.size(); g++) {
                groups.add(new ColumnGroup(arms.get(g).name(), arms.get(g).code(), size[g]));
            }
        }
        groups.add(new ColumnGroup(text("column.total"), null, population.size()));
    }

    private int totalGroup() {
        return groups.size() - 1;
    }

    public static SummaryModel compute(SafetyInput in) {
        return model(in, tally(in));
    }

    /**
     * A tally of the AEs of {@code in} (usually none), to which {@link Tally#add} adds more: an export counts them while
     * the database is still reading the next ones. Only the subjects, the cut-off and the study's AE window of {@code in}
     * are used: no arm, so that the arms may be opened meanwhile.
     */
    public static Tally tally(SafetyInput in) {
        Tally tally = new Tally(in);
        in.adverseEvents().forEach(tally::add);
        return tally;
    }

    /** The workbook's tables and listings of the AEs tallied, by arm when {@code in} is unblinded. */
    public static SummaryModel model(SafetyInput in, Tally tally) {
        return new SafetySummary(in, tally).model();
    }

    /** An AE of the listings, with its subject (null when not enrolled) and whether it is treatment-emergent. */
    private record Listed(AdverseEvent ae, Subject subject, boolean teae) { }

    /**
     * What the tables and listings are made from, gathered AE by AE. The counts do not depend on the order of the AEs;
     * the listings keep it among AEs of one subject with the same onset, so add them in the order entered. One thread at
     * a time.
     */
    public static final class Tally {
        private final SafetyInput in;
        private final Map<String, Subject> bySubject = new HashMap<>();
        /** The AEs of the listings by subject, each subject's in the order added. */
        private final Map<String, List<Listed>> listedBySubject = new HashMap<>();
        /** Each subject's highest grade among the TEAEs, among each SOC's and among each term's. */
        private final Scope all = new Scope(null, null);
        /** For each subject with a TEAE, the overview rows it is counted in (bit k for row k). */
        private final Map<String, Integer> overviewRowsOf = new HashMap<>();
        /** Each subject's number of TEAEs (events, not subjects). */
        private final Map<String, Integer> teaeEventsOf = new HashMap<>();

        private Tally(SafetyInput in) {
            this.in = in;
            in.subjects().forEach(s -> bySubject.put(s.subjectNumber(), s));
        }

        /** Counts one AE: listed unless deleted or after the cut-off, and in the tables when treatment-emergent. */
        public void add(AdverseEvent ae) {
            if (ae.deleted() || afterCutoff(ae)) {
                return;
            }
            Subject s = bySubject.get(ae.subjectNumber());
            boolean te = s != null && inSafetyPopulation(s, in.cutoff()) && isTreatmentEmergent(ae, s);
            listedBySubject.computeIfAbsent(ae.subjectNumber(), k -> new ArrayList<>()).add(new Listed(ae, s, te));
            if (te) {
                Teae t = new Teae(s.subjectNumber(), ae);
                all.add(t);
                Scope soc = all.children().computeIfAbsent(ae.soc(), name -> new Scope(name, null));
                soc.add(t);
                soc.children().computeIfAbsent(ae.meddraCode(), code -> new Scope(ae.ctcaeTerm(), code)).add(t);
                int bits = 0;
                for (int k = 0; k < OVERVIEW_ROWS.size(); k++) {
                    if (OVERVIEW_ROWS.get(k).getValue().test(ae)) {
                        bits |= 1 << k;
                    }
                }
                overviewRowsOf.merge(t.subject(), bits, (a, b) -> a | b);
                teaeEventsOf.merge(t.subject(), 1, Integer::sum);
            }
        }

        /**
         * The AEs in the listings' order: by subject, then by onset (unknown last), then as added. Sorted subject by subject
         * (a few dozen AEs each) rather than all at once, which took a tenth of a second at 100,000 AEs.
         */
        private List<Listed> listingOrder() {
            List<String> subjects = new ArrayList<>(listedBySubject.keySet());
            subjects.sort(Comparator.naturalOrder());
            Comparator<Listed> byOnset = Comparator.comparing((Listed l) -> l.ae().onsetDate(), Comparator.nullsLast(Comparator.naturalOrder()));
            List<Listed> ordered = new ArrayList<>();
            for (String subject : subjects) {
                List<Listed> ofSubject = new ArrayList<>(listedBySubject.get(subject));
                ofSubject.sort(byOnset); // stable: AEs with the same onset stay as added
                ordered.addAll(ofSubject);
            }
            return ordered;
        }

        private boolean afterCutoff(AdverseEvent ae) {
            return in.cutoff() != null && ae.onsetDate() != null && ae.onsetDate().isAfter(in.cutoff());
        }

        private boolean isTreatmentEmergent(AdverseEvent ae, Subject s) {
            LocalDate windowEnd = s.aeWindowEnd(in.study().aeWindow().nominalEndOfStudyDay()).orElseThrow();
            return TreatmentEmergence.isTreatmentEmergent(ae.onsetDate(), ae.endDate(), s.firstDoseDate(), windowEnd);
        }
    }

    private SummaryModel model() {
        Scope all = tally.all;
        List<Listed> listed = tally.listingOrder();
        return new SummaryModel(about(), List.copyOf(groups), overview(),
                socTermTable(text("table.socTerm.title"), text("row.anyTeae"), all, 1, text("footnote.socTerm")),
                maxGradeTable(all),
                socTermTable(text("table.grade3.title"), text("row.anyGrade3Teae"), all, MIN_SEVERE_GRADE, text("footnote.grade3")),
                listing(listed.stream().filter(l -> l.ae().serious()).toList()),
                listing(listed));
    }

    private static boolean inSafetyPopulation(Subject s, LocalDate cutoff) {
        return s.firstDoseDate() != null && (cutoff == null || !s.firstDoseDate().isAfter(cutoff));
    }

    // ---- counting -------------------------------------------------------------------------------

    /** Counts a subject of the population ({@code times} over) in its arm's group (when unblinded) and in Total. */
    private void countIn(int[] n, String subject, int times) {
        Integer g = armGroupOf.get(subject);
        if (g != null) {
            n[totalGroup()] += times;
            if (g >= 0) {
                n[g] += times;
            }
        }
    }

    /**
     * How many subjects of each column group reach each highest grade (0 to 5) within {@code scope}: read once per scope
     * (a subject's arm looked up once), and every row of every table is then summed from it. Counting each row from the
     * subjects anew looked each subject's arm up a dozen times, which dominated when subjects were many.
     */
    private int[][] gradesByGroup(Scope scope) {
        return gradesByGroup.computeIfAbsent(scope, sc -> {
            int[][] n = new int[groups.size()][HIGHEST_GRADE + 1];
            sc.highest().forEach((subject, grade) -> {
                Integer g = armGroupOf.get(subject);
                if (g != null) {
                    n[totalGroup()][grade]++;
                    if (g >= 0) {
                        n[g][grade]++;
                    }
                }
            });
            return n;
        });
    }

    /** n per column group of the subjects whose highest grade within {@code scope} is {@code counted}. */
    private List<Count> subjectCounts(Scope scope, IntPredicate counted) {
        int[][] byGrade = gradesByGroup(scope);
        int[] n = new int[groups.size()];
        for (int g = 0; g < n.length; g++) {
            for (int grade = 0; grade <= HIGHEST_GRADE; grade++) {
                n[g] += counted.test(grade) ? byGrade[g][grade] : 0;
            }
        }
        return counts(n);
    }

    /** The subjects of the population whose highest grade within {@code scope} is at least {@code grade}. */
    private int subjectsFrom(Scope scope, int grade) {
        int[] total = gradesByGroup(scope)[totalGroup()];
        int n = 0;
        for (int g = grade; g <= HIGHEST_GRADE; g++) {
            n += total[g];
        }
        return n;
    }

    /** The SOCs (or a SOC's terms) with a subject from {@code grade} on: most subjects first, then by name. */
    private List<Scope> childrenFrom(Scope scope, int grade) {
        record Shown(Scope scope, int subjects) { }
        List<Shown> shown = new ArrayList<>();
        for (Scope c : scope.children().values()) {
            int n = subjectsFrom(c, grade);
            if (n > 0) {
                shown.add(new Shown(c, n));
            }
        }
        shown.sort(Comparator.comparingInt((Shown c) -> -c.subjects()).thenComparing(c -> c.scope().name()));
        return shown.stream().map(Shown::scope).toList();
    }

    private List<Count> counts(int[] n) {
        List<Count> counts = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            int denominator = groups.get(g).n();
            counts.add(new Count(n[g], denominator == 0 ? 0.0 : (double) n[g] / denominator));
        }
        return counts;
    }

    private List<Count> eventCounts() {
        int[] n = new int[groups.size()];
        tally.teaeEventsOf.forEach((subject, events) -> countIn(n, subject, events));
        List<Count> counts = new ArrayList<>(groups.size());
        for (int count : n) {
            counts.add(new Count(count, null));
        }
        return counts;
    }

    // ---- tables ---------------------------------------------------------------------------------

    /** The overview's rows of subjects: each with its label and which TEAEs it counts. */
    private static final List<Map.Entry<String, Predicate<AdverseEvent>>> OVERVIEW_ROWS = List.of(
            Map.entry("overview.anyTeae", ae -> true),
            Map.entry("overview.related", AdverseEvent::isRelated),
            Map.entry("overview.grade3", ae -> ae.grade() >= MIN_SEVERE_GRADE),
            Map.entry("overview.grade3Related", ae -> ae.grade() >= MIN_SEVERE_GRADE && ae.isRelated()),
            Map.entry("overview.serious", AdverseEvent::serious),
            Map.entry("overview.seriousRelated", ae -> ae.serious() && ae.isRelated()),
            Map.entry("overview.withdrawal", ae -> ae.actionTaken() == ActionTaken.DRUG_WITHDRAWN),
            Map.entry("overview.interruption", ae -> ae.actionTaken() == ActionTaken.DRUG_INTERRUPTED),
            Map.entry("overview.fatal", ae -> ae.outcome() == Outcome.FATAL));

    /** Each overview row's counts, from the rows each subject was counted in as its TEAEs were added (one pass). */
    private IncidenceTable overview() {
        int[][] n = new int[OVERVIEW_ROWS.size()][groups.size()];
        tally.overviewRowsOf.forEach((subject, bits) -> {
            for (int k = 0; k < OVERVIEW_ROWS.size(); k++) {
                if ((bits & 1 << k) != 0) {
                    countIn(n[k], subject, 1);
                }
            }
        });
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < OVERVIEW_ROWS.size(); k++) {
            rows.add(new Row(RowKind.OVERVIEW_SUBJECTS, List.of(text(OVERVIEW_ROWS.get(k).getKey())), counts(n[k])));
            if (k == 0) { // the events under the subjects with any TEAE
                rows.add(new Row(RowKind.OVERVIEW_EVENTS, List.of(text("overview.totalEvents")), eventCounts()));
            }
        }
        return new IncidenceTable(text("table.overview.title"), List.of(text("column.category")), rows, text("footnote.overview"));
    }

    /**
     * Each subject's highest grade among the TEAEs, among each SOC's and among each term's: every table is read from
     * these, built in one pass (a subject is in a scope's rows when its highest grade there reaches the table's least).
     *
     * @param highest subject number to its highest grade in the scope
     * @param children a SOC's terms by MedDRA code; every SOC by name for the scope of all TEAEs
     */
    private record Scope(String name, String code, Map<String, Integer> highest, Map<String, Scope> children) {
        Scope(String name, String code) {
            this(name, code, new HashMap<>(), new LinkedHashMap<>());
        }

        void add(Teae t) {
            highest.merge(t.subject(), t.ae().grade(), Math::max);
        }

    }

    /** SOC rows with their term rows beneath, both sorted by subjects in the Total column, then alphabetically. */
    private IncidenceTable socTermTable(String title, String anyLabel, Scope all, int leastGrade, String footnote) {
        IntPredicate counted = g -> g >= leastGrade;
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(RowKind.ANY, List.of(anyLabel, "", ""), subjectCounts(all, counted)));
        for (Scope soc : childrenFrom(all, leastGrade)) {
            rows.add(new Row(RowKind.SOC, List.of(soc.name(), "", ""), subjectCounts(soc, counted)));
            for (Scope term : childrenFrom(soc, leastGrade)) {
                rows.add(new Row(RowKind.TERM, List.of(soc.name(), term.name(), term.code()), subjectCounts(term, counted)));
            }
        }
        return new IncidenceTable(title, List.of(text("column.soc"), text("column.term"), text("column.meddraCode")), rows, footnote);
    }

    private IncidenceTable maxGradeTable(Scope all) {
        List<Row> rows = new ArrayList<>();
        addGradeRows(rows, text("row.anyTeae"), "", all);
        for (Scope soc : childrenFrom(all, 1)) {
            addGradeRows(rows, soc.name(), "", soc);
            for (Scope term : childrenFrom(soc, 1)) {
                addGradeRows(rows, soc.name(), term.name(), term);
            }
        }
        return new IncidenceTable(text("table.maxGrade.title"), List.of(text("column.soc"), text("column.term"), text("column.highestGrade")),
                rows, text("footnote.maxGrade"));
    }

    /** "Any grade" then Grade 1 to 5: each subject once, under its highest grade among the scope's events. */
    private void addGradeRows(List<Row> rows, String soc, String term, Scope scope) {
        rows.add(new Row(RowKind.GRADE, List.of(soc, term, text("row.anyGrade")), subjectCounts(scope, g -> true)));
        for (int grade = 1; grade <= 5; grade++) {
            int exactly = grade;
            rows.add(new Row(RowKind.GRADE, List.of(soc, term, text("row.grade", grade)), subjectCounts(scope, g -> g == exactly)));
        }
    }

    // ---- listings -------------------------------------------------------------------------------

    private List<Object> listingRow(Listed l, int width) {
        AdverseEvent ae = l.ae();
        Subject s = l.subject();
        List<Object> row = new ArrayList<>(width);
        row.add(ae.subjectNumber());
        row.add(ae.verbatimTerm());
        row.add(ae.meddraCode());
        row.add(ae.otherSpecify());
        row.add(ae.grade());
        row.add(ae.onset().map(PartialDate::toIso).orElse(null));
        row.add(ae.end().map(PartialDate::toIso).orElse(null));
        row.add(yn(ae.ongoing()));
        row.add(yn(ae.serious()));
        for (SeriousCriterion c : SeriousCriterion.values()) {
            row.add(yn(ae.seriousCriteria().contains(c)));
        }
        row.add(ae.relationship().code());
        row.add(ae.actionTaken().code());
        row.add(ae.outcome().code());
        row.add(ae.soc());
        row.add(ae.ctcaeTerm());
        row.add(studyDay(ae.onsetDate(), s));
        row.add(studyDay(ae.endDate(), s));
        row.add(yn(l.teae()));
        if (in.unblinded()) {
            row.add(in.armBySubject().get(ae.subjectNumber()));
        }
        // the laboratory value the grade was read from, last: the earlier columns keep their places
        LabMeasurement lab = ae.lab();
        row.add(lab == null ? null : lab.value());
        row.add(lab == null ? null : lab.unit());
        row.add(lab == null ? null : lab.lln());
        row.add(lab == null ? null : lab.uln());
        row.add(lab == null ? null : lab.baseline());
        row.add(ae.gradeReason());
        return row;
    }

    /** The AE CSV columns, then the derived ones; the arm only in unblinded output. */
    static final List<String> LISTING_HEADERS = List.of("subject_id", "verbatim_term", "meddra_code", "other_specify", "grade",
            "onset_date", "end_date", "ongoing", "serious", "sdth", "slife", "shosp", "sdisab", "scong", "smie", "relationship",
            "action_taken", "outcome", "soc", "ctcae_term", "onset_study_day", "end_study_day", "teae");

    /** The laboratory value of a lab-graded AE, after every other column. */
    static final List<String> LISTING_LAB_HEADERS = List.of("lab_value", "lab_unit", "lab_lln", "lab_uln", "lab_baseline", "grade_reason");

    private Listing listing(List<Listed> aes) {
        List<String> headers = new ArrayList<>(LISTING_HEADERS);
        if (in.unblinded()) {
            headers.add("arm");
        }
        headers.addAll(LISTING_LAB_HEADERS);
        // built row by row as the writer asks for them: a million AEs never sit in memory as a million rows of cells
        List<List<Object>> rows = new java.util.AbstractList<>() {
            @Override
            public List<Object> get(int index) {
                return listingRow(aes.get(index), headers.size());
            }

            @Override
            public int size() {
                return aes.size();
            }
        };
        return new Listing(headers, rows);
    }

    private static Integer studyDay(PartialDate date, Subject s) {
        if (date == null || !date.isComplete() || s == null || s.firstDoseDate() == null) {
            return null;
        }
        return StudyDay.of(date.earliest(), s.firstDoseDate());
    }

    private static String yn(boolean b) {
        return b ? "Y" : "N";
    }

    // ---- about ----------------------------------------------------------------------------------

    private List<AboutLine> about() {
        StudyDefinition study = in.study();
        List<AboutLine> lines = new ArrayList<>();
        lines.add(new AboutLine(text("about.study"), study.studyId() + " (protocol " + study.protocol() + ")"));
        lines.add(new AboutLine(text("about.title"), study.officialTitle()));
        lines.add(new AboutLine(text("about.outcome"), study.primaryOutcome()));
        lines.add(new AboutLine(text("about.ctcae"), "CTCAE v" + in.ctcaeVersion()));
        lines.add(new AboutLine(text("about.cutoff"), in.cutoff() != null
                ? text("about.cutoff.date", in.cutoff().toString())
                : text("about.cutoff.export", in.exportedAt().toString())));
        String blinding;
        if (in.unblinded()) {
            blinding = text("about.blinding.unblinded", in.randomizationLoadedBy());
        } else if (in.randomizationLoaded()) {
            blinding = text("about.blinding.forced");
        } else {
            blinding = text("about.blinding.notLoaded");
        }
        lines.add(new AboutLine(text("about.blinding"), blinding));
        lines.add(new AboutLine(text("about.population"), text(in.cutoff() == null ? "about.population.text" : "about.population.cutoff")));
        for (ColumnGroup g : groups) {
            lines.add(new AboutLine(text("about.n", g.label()), String.valueOf(g.n())));
        }
        for (String key : List.of("rule.teae", "rule.onceperrow", "rule.maxgrade", "rule.related", "rule.percent", "rule.sort",
                "rule.listing")) {
            lines.add(new AboutLine(text("about.rule"), text(key)));
        }
        lines.add(new AboutLine(text("about.lock"), in.databaseLock() == null ? text("about.lock.open") : in.databaseLock()));
        lines.add(new AboutLine(text("about.application"), "AE Capture " + in.applicationVersion()));
        lines.add(new AboutLine(text("about.exportedBy"), in.exportedBy()));
        lines.add(new AboutLine(text("about.exportedAt"), in.exportedAt().toString()));
        return lines;
    }

    /** A report text; every text goes through MessageFormat so that quoting ('') reads the same everywhere. */
    static String text(String key, Object... args) {
        return new MessageFormat(TEXT.getString(key), Locale.ENGLISH).format(args);
    }
}
