package org.aecapture.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.aecapture.domain.ActionTaken;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.AdverseEventRules;
import org.aecapture.domain.AeFields;
import org.aecapture.domain.CodedValue;
import org.aecapture.domain.Outcome;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Role;
import org.aecapture.domain.SeriousCriterion;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.domain.Violation;
import org.aecapture.service.ImportException.RowProblem;
import org.aecapture.store.Tx;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All-or-nothing CSV imports (UTF-8, header row, ISO 8601 dates with SDTM partials). Every row is
 * checked first; if any row is bad, every problem (up to a limit) is reported and nothing is written.
 */
public final class CsvImports {

    public static final int MAX_REPORTED_PROBLEMS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(CsvImports.class);

    public record ImportResult(int rows) { }

    private final AeCapture app;

    CsvImports(AeCapture app) {
        this.app = app;
    }

    public ImportResult importSubjects(Path file) {
        return app.database().inTransaction(tx -> {
            requireSiteStaff(tx, "import subjects"); // before reading the file: its rows are no business of other roles
            Set<String> existing = new HashSet<>();
            app.subjectRepository().findAll(tx).forEach(s -> existing.add(s.subjectNumber()));
            SubjectRules rules = app.subjectRules();
            SubjectService subjects = app.subjects();
            Set<String> seen = new HashSet<>();
            List<Subject> parsed = parse(file, SubjectRules.CSV_COLUMNS, row -> {
                String number = row.required(SubjectRules.SUBJECT_ID);
                Subject s = new Subject(null, number, row.required(SubjectRules.SITE),
                        row.coded(SubjectRules.SEX, Sex.class, true), row.partialDate(SubjectRules.BIRTH_DATE, true),
                        row.date(SubjectRules.CONSENT_DATE, true), row.date(SubjectRules.FIRST_DOSE_DATE, false),
                        row.date(SubjectRules.EOS_DATE, false), null, 0);
                if (number != null && (existing.contains(number) || !seen.add(number))) {
                    row.problem(SubjectRules.SUBJECT_ID, existing.contains(number)
                            ? "subject " + number + " already exists in the database" : "subject " + number + " appears twice in the file");
                }
                if (row.clean()) {
                    Subject withStatus = subjects.withDerivedStatus(s);
                    row.violations(rules.validate(withStatus, app.today()));
                    return withStatus;
                }
                return null;
            });
            for (String site : parsed.stream().map(Subject::site).collect(Collectors.toCollection(TreeSet::new))) {
                app.access().requireClinicalChange(tx, site);
            }
            String reason = "imported from " + file.getFileName();
            for (Subject s : parsed) {
                app.subjectRepository().insert(tx, s, reason);
            }
            return new ImportResult(parsed.size());
        });
    }

    public ImportResult importAdverseEvents(Path file) {
        return app.database().inTransaction(tx -> {
            long start = System.nanoTime();
            requireSiteStaff(tx, "import adverse events");
            Map<String, Subject> subjects = new HashMap<>();
            app.subjectRepository().findAll(tx).forEach(s -> subjects.put(s.subjectNumber(), s));
            AdverseEventRules rules = app.adverseEventRules();
            AdverseEventService service = app.adverseEvents();
            List<AdverseEvent> parsed = parse(file, AeFields.CSV_COLUMNS, row -> {
                Set<SeriousCriterion> criteria = EnumSet.noneOf(SeriousCriterion.class);
                for (SeriousCriterion c : SeriousCriterion.values()) {
                    if (Boolean.TRUE.equals(row.flag(c.code(), false))) {
                        criteria.add(c);
                    }
                }
                String grade = row.value(AeFields.GRADE);
                AdverseEvent ae = AdverseEvent.of(row.required(AeFields.SUBJECT_ID))
                        .verbatimTerm(row.value(AeFields.VERBATIM_TERM)).meddraCode(row.value(AeFields.MEDDRA_CODE))
                        .otherSpecify(row.value(AeFields.OTHER_SPECIFY)).grade(row.integer(AeFields.GRADE, grade))
                        .onsetDate(row.partialDate(AeFields.ONSET_DATE, false))
                        .endDate(row.partialDate(AeFields.END_DATE, false))
                        .ongoing(Boolean.TRUE.equals(row.flag(AeFields.ONGOING, true)))
                        .serious(Boolean.TRUE.equals(row.flag(AeFields.SERIOUS, true))).seriousCriteria(criteria)
                        .relationship(row.coded(AeFields.RELATIONSHIP, Relationship.class, true))
                        .actionTaken(row.coded(AeFields.ACTION_TAKEN, ActionTaken.class, true))
                        .outcome(row.coded(AeFields.OUTCOME, Outcome.class, true)).build();
                if (row.clean()) {
                    AdverseEvent coded = service.withCatalogTerm(ae);
                    row.violations(rules.validate(coded, subjects.get(coded.subjectNumber()), app.today()));
                    return coded;
                }
                return null;
            });
            for (String number : parsed.stream().map(AdverseEvent::subjectNumber).collect(Collectors.toCollection(TreeSet::new))) {
                app.access().requireClinicalChange(tx, subjects.get(number).site());
            }
            long checked = System.nanoTime();
            String reason = "imported from " + file.getFileName();
            for (AdverseEvent ae : parsed) {
                app.adverseEventRepository().insert(tx, ae, reason);
            }
            // the study's edit checks over each subject imported to, as after any save, in the same transaction
            for (String subject : new java.util.TreeSet<>(parsed.stream().map(AdverseEvent::subjectNumber).toList())) {
                app.queries().afterSave(tx, subject);
            }
            LOG.debug("Import of {} AEs: read and checked in {} ms, written (before the commit) in {} ms", parsed.size(),
                    (checked - start) / 1_000_000, (System.nanoTime() - checked) / 1_000_000);
            return new ImportResult(parsed.size());
        });
    }

    public static final List<String> RANDOMIZATION_COLUMNS = List.of("subject_id", "arm");

    /**
     * Loads the randomization list ({@code subject_id,arm}): every dosed subject exactly once, arms as the
     * study codes them. It is stored apart from the subject data, with who loaded it and when.
     */
    public ImportResult importRandomization(Path file) {
        return app.database().inTransaction(tx -> {
            app.access().requireRole(tx, "load the randomization list", Role.UNBLINDED_STATISTICIAN);
            if (app.randomizationRepository().isLoaded(tx)) {
                throw new ImportException(file.getFileName().toString(), List.of(new RowProblem(0, null, null,
                        "a randomization list is already loaded " + app.randomizationRepository().loadedBy(tx).orElse("")
                                + "; it cannot be replaced")), 1);
            }
            Map<String, Subject> subjects = new HashMap<>();
            app.subjectRepository().findAll(tx).forEach(s -> subjects.put(s.subjectNumber(), s));
            String armCodes = String.join("|", app.study().arms().stream().map(a -> a.code()).toList());
            Map<String, String> arms = new java.util.LinkedHashMap<>();
            List<Map.Entry<String, String>> parsed = parse(file, RANDOMIZATION_COLUMNS, row -> {
                String number = row.required("subject_id");
                String arm = row.required("arm");
                if (number != null && !subjects.containsKey(number)) {
                    row.problem("subject_id", "subject " + number + " does not exist in this study");
                } else if (number != null && arms.containsKey(number)) {
                    row.problem("subject_id", "subject " + number + " appears twice in the file");
                }
                var studyArm = arm == null ? null : app.study().arm(arm).orElse(null);
                if (arm != null && studyArm == null) {
                    row.problem("arm", "must be one of " + armCodes);
                }
                if (row.clean()) {
                    arms.put(number, studyArm.code());
                    return Map.entry(number, studyArm.code());
                }
                return null;
            });
            List<String> missing = subjects.values().stream().filter(s -> s.isDosed() && !arms.containsKey(s.subjectNumber()))
                    .map(Subject::subjectNumber).sorted().toList();
            if (!missing.isEmpty()) {
                throw new ImportException(file.getFileName().toString(), List.of(new RowProblem(0, "subject_id", null,
                        "every dosed subject must be in the list; missing: " + String.join(", ", missing))), 1);
            }
            app.randomizationRepository().insertAll(tx, arms, "randomization list loaded from " + file.getFileName());
            return new ImportResult(parsed.size());
        });
    }

    @FunctionalInterface
    private interface RowParser<T> {
        T parse(Row row) throws SQLException;
    }

    private static <T> List<T> parse(Path file, List<String> columns, RowParser<T> parser) throws SQLException {
        String name = file.getFileName().toString();
        List<RowProblem> problems = new ArrayList<>();
        int total = 0;
        List<T> parsed = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(skipBom(reader))) {
            List<String> header = csv.getHeaderNames();
            Set<String> missing = new LinkedHashSet<>(columns);
            header.forEach(missing::remove);
            Set<String> unknown = new LinkedHashSet<>(header);
            unknown.removeAll(columns);
            if (!missing.isEmpty() || !unknown.isEmpty()) {
                String rule = (missing.isEmpty() ? "" : "missing column(s) " + missing + "; ")
                        + (unknown.isEmpty() ? "" : "unknown column(s) " + unknown + "; ") + "expected " + String.join(",", columns);
                throw new ImportException(name, List.of(new RowProblem(0, null, null, "header: " + rule)), 1);
            }
            long rowNumber = 0;
            long rows = 0;
            for (CSVRecord rec : csv) {
                rowNumber++; // a blank line keeps its number, so that a row is named as a spreadsheet numbers it
                if (blank(rec)) {
                    continue; // no value in it: nothing to import, nothing lost (a spreadsheet's trailing empty line)
                }
                rows++;
                Row row = new Row(rowNumber, rec);
                if (!rec.isConsistent()) {
                    row.problem(null, "has " + rec.size() + " values, the header has " + header.size());
                } else {
                    T value = parser.parse(row);
                    if (row.problems.isEmpty()) {
                        parsed.add(value);
                    }
                }
                total += row.problems.size();
                for (RowProblem p : row.problems) {
                    if (problems.size() < MAX_REPORTED_PROBLEMS) {
                        problems.add(p);
                    }
                }
            }
            if (rows == 0) {
                throw new ImportException(name, List.of(new RowProblem(0, null, null, "the file has a header but no rows")), 1);
            }
        } catch (NoSuchFileException e) {
            throw new ImportException(name, List.of(new RowProblem(0, null, null, "the file " + file + " does not exist")), 1);
        } catch (MalformedInputException e) {
            throw new ImportException(name, List.of(new RowProblem(0, null, null, "the file is not UTF-8 text")), 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Commons CSV reports a malformed file (unclosed quote, duplicate header) this way
            throw new ImportException(name, List.of(new RowProblem(0, null, null, "the file is not valid CSV: " + e.getMessage())), 1);
        }
        if (total > 0) {
            throw new ImportException(name, problems, total);
        }
        return parsed;
    }

    /** A line with nothing on it: one empty value. A line of commas alone is a row, and is refused as one. */
    static boolean blank(CSVRecord rec) {
        return rec.size() == 1 && rec.get(0).isBlank();
    }

    private static Reader skipBom(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** One CSV row being read: each bad value is noted with its column, and reading goes on. */
    private static final class Row {
        final long number;
        final CSVRecord rec;
        final List<RowProblem> problems = new ArrayList<>();

        Row(long number, CSVRecord rec) {
            this.number = number;
            this.rec = rec;
        }

        boolean clean() {
            return problems.isEmpty();
        }

        void problem(String column, String rule) {
            problems.add(new RowProblem(number, column, column == null ? null : rec.get(column), rule));
        }

        void violations(List<Violation> violations) {
            for (Violation v : violations) {
                String column = rec.isMapped(v.field()) ? v.field() : null;
                problems.add(new RowProblem(number, column == null ? v.field() : column, column == null ? null : rec.get(column),
                        v.message()));
            }
        }

        String value(String column) {
            String v = rec.get(column).strip();
            return v.isEmpty() ? null : v;
        }

        String required(String column) {
            String v = value(column);
            if (v == null) {
                problem(column, "is required");
            }
            return v;
        }

        Integer integer(String column, String v) {
            if (v == null) {
                return null; // the domain rule reports a missing grade
            }
            try {
                return Integer.valueOf(v);
            } catch (NumberFormatException e) {
                problem(column, "is not a whole number");
                return null;
            }
        }

        Boolean flag(String column, boolean required) {
            String v = value(column);
            if (v == null) {
                if (required) {
                    problem(column, "is required: Y or N");
                }
                return required ? null : Boolean.FALSE;
            }
            return switch (v) {
                case "Y" -> Boolean.TRUE;
                case "N" -> Boolean.FALSE;
                default -> {
                    problem(column, "must be Y or N");
                    yield null;
                }
            };
        }

        <E extends Enum<E> & CodedValue> E coded(String column, Class<E> type, boolean required) {
            String v = value(column);
            if (v == null) {
                if (required) {
                    problem(column, "is required: one of " + CodedValue.allowedCodes(type));
                }
                return null;
            }
            return CodedValue.fromCode(type, v).orElseGet(() -> {
                problem(column, "must be one of " + CodedValue.allowedCodes(type));
                return null;
            });
        }

        PartialDate partialDate(String column, boolean required) {
            String v = value(column);
            if (v == null) {
                if (required) {
                    problem(column, "is required");
                }
                return null;
            }
            try {
                return PartialDate.parseEntry(v); // as on the form: ISO, or DD-MMM-YYYY with UNK for what is not known
            } catch (DateTimeException e) {
                problem(column, e.getMessage());
                return null;
            }
        }

        LocalDate date(String column, boolean required) {
            PartialDate d = partialDate(column, required);
            if (d != null && !d.isComplete()) {
                problem(column, "must be a complete date, YYYY-MM-DD or DD-MMM-YYYY");
                return null;
            }
            return d == null ? null : d.earliest();
        }
    }

    /** Imports of clinical data are for investigators and coordinators (each row's site is checked after reading). */
    private void requireSiteStaff(Tx tx, String what) throws SQLException {
        app.access().requireUnlocked(tx);
        app.access().requireRole(tx, what, Role.INVESTIGATOR, Role.COORDINATOR);
    }
}
