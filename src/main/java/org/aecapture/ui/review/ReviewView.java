package org.aecapture.ui.review;

import org.aecapture.domain.AuditEntry;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.aecapture.ctcae.TermSuggestion;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.PartialDate;
import org.aecapture.review.ReviewFilter;
import org.aecapture.review.ReviewRow;
import org.aecapture.review.ToxicityBySoc;
import org.aecapture.service.ReviewService;
import org.aecapture.service.SignatureService;
import org.aecapture.ui.AuditHistoryTable;
import org.aecapture.ui.Background;
import org.aecapture.ui.ExportBar;
import org.aecapture.ui.GradeCell;
import org.aecapture.ui.FileChoosers;
import org.controlsfx.control.CheckComboBox;

/**
 * The safety reviewer's screen: every AE of the study (never the arm), filtered by grade, SOC, term,
 * text, seriousness, relatedness, emergence, ongoing, subject, site and onset; the selected AE in full
 * with its CTCAE grade text and audit trail; a chart of where the toxicity sits that follows the filter;
 * and the filtered rows exported to .xlsx. Read-only. Loading and exporting run off the FX thread.
 */
public final class ReviewView {

    private static final String FILTER_KEY = "filter";

    private final ResourceBundle text;
    private final ReviewService review;
    private final Preferences preferences;
    private final Function<Window, Optional<Path>> exportTarget;
    private final VBox root = new VBox();
    private final List<ToggleButton> gradeButtons = new ArrayList<>();
    private final CheckComboBox<String> socs = new CheckComboBox<>();
    private final CheckComboBox<String> terms = new CheckComboBox<>();
    private final CheckComboBox<String> sites = new CheckComboBox<>();
    private final TextField textFilter = new TextField();
    private final TextField subjectFilter = new TextField();
    private final CheckBox seriousOnly = new CheckBox();
    private final CheckBox relatedOnly = new CheckBox();
    private final CheckBox teaeOnly = new CheckBox();
    private final CheckBox ongoingOnly = new CheckBox();
    private final CheckBox includeDeleted = new CheckBox();
    private final DatePicker onsetFrom = new DatePicker();
    private final DatePicker onsetTo = new DatePicker();
    private final TableView<ReviewRow> table = new TableView<>();
    private final ExportBar bar;
    private final Label status;
    private final ProgressBar progress;
    private final VBox detail = new VBox(8);
    private final ScrollPane chartHolder = new ScrollPane();
    private final RadioButton chartBySubject = new RadioButton();
    private final RadioButton chartByEvent = new RadioButton();
    private final Map<String, String> termNames = new LinkedHashMap<>();
    private List<ReviewRow> all = List.of();
    private List<ReviewRow> shown = List.of();
    private ReviewFilter filter = ReviewFilter.NONE;
    private boolean applying;
    private int[] totalsWithDeleted = {0, 0};
    private int[] totalsWithoutDeleted = {0, 0};

    public ReviewView(ResourceBundle text, ReviewService review, Preferences preferences, Function<Window, Optional<Path>> exportTarget) {
        this.text = text;
        bar = new ExportBar(text, "review", "exportView", "review.export", this::exportView);
        status = bar.status();
        progress = bar.progress();
        this.review = review;
        this.preferences = preferences;
        this.exportTarget = exportTarget;
        if (preferences != null) {
            filter = ReviewFilter.fromLine(preferences.get(FILTER_KEY, ""));
        }
        ScrollPane filters = new ScrollPane(filterPanel());
        filters.setFitToWidth(true);
        filters.setMinWidth(280);
        filters.setPrefWidth(280);
        filters.getStyleClass().add("review-filters");

        bar.node().setPadding(new Insets(8, 16, 6, 8));

        buildTable();
        ScrollPane detailScroll = new ScrollPane(detail);
        detailScroll.setFitToWidth(true); // long CTCAE grade texts wrap
        TabPane below = new TabPane(tab("review.tab.detail", detailScroll), tab("review.tab.chart", chartPane()));
        below.setId("reviewTabs");
        below.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        detail.setId("aeDetail");
        detail.setPadding(new Insets(8));
        SplitPane right = new SplitPane(table, below);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.5);
        VBox main = new VBox(bar.node(), right);
        VBox.setVgrow(right, Priority.ALWAYS);
        HBox.setHgrow(main, Priority.ALWAYS);
        HBox body = new HBox(filters, main);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().add(body);
        root.getStyleClass().add("review-screen");
        showDetail(null);
    }

    public Node root() {
        return root;
    }

    /** (Re)loads every AE off the FX thread, with progress, then applies the filter. */
    /** How many queries wait on someone, by AE, as last read: the "Queries" column. */
    private java.util.Map<Long, Integer> openQueries = java.util.Map.of();

    public void refresh() {
        progress.setVisible(true);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        status.setText(text.getString("review.loading"));
        Background.run("review-load", () -> java.util.Map.entry(review.rows(), review.outstandingQueries()), loaded -> {
            List<ReviewRow> rows = loaded.getKey();
            openQueries = loaded.getValue();
            progress.setVisible(false);
            all = rows;
            totalsWithDeleted = totals(rows, true);
            totalsWithoutDeleted = totals(rows, false);
            fillChoices();
            showFilter(filter);
            apply();
        }, error -> {
            progress.setVisible(false);
            status.setText(error);
        });
    }

    /** AEs and subjects in the study, the "of N" of the status bar: counted once per load, not per filter change. */
    private static int[] totals(List<ReviewRow> rows, boolean withDeleted) {
        Set<String> subjects = new HashSet<>();
        int aes = 0;
        for (ReviewRow r : rows) {
            if (withDeleted || !r.ae().deleted()) {
                aes++;
                subjects.add(r.ae().subjectNumber());
            }
        }
        return new int[] {aes, subjects.size()};
    }

    // ---- the filter panel

    private Node filterPanel() {
        HBox grades = new HBox(4);
        for (int g = 1; g <= 5; g++) {
            ToggleButton b = new ToggleButton(String.valueOf(g));
            b.setId("grade" + g);
            b.getStyleClass().addAll("grade-badge", "grade-" + g);
            b.setUserData(g);
            b.selectedProperty().addListener((o, was, is) -> changed());
            gradeButtons.add(b);
            grades.getChildren().add(b);
        }
        Button grade3Plus = new Button(text.getString("review.grade3plus"));
        grade3Plus.setId("grade3plus");
        grade3Plus.setOnAction(e -> showGrades(Set.of(3, 4, 5)));
        socs.setId("socFilter");
        terms.setId("termFilter");
        sites.setId("siteFilter");
        terms.setConverter(new StringConverter<>() {
            @Override
            public String toString(String code) {
                return code == null ? "" : termNames.getOrDefault(code, code);
            }

            @Override
            public String fromString(String s) {
                return null;
            }
        });
        for (CheckComboBox<String> box : List.of(socs, terms, sites)) {
            box.setMaxWidth(Double.MAX_VALUE);
            box.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> changed());
        }
        textFilter.setId("textFilter");
        textFilter.setPromptText(text.getString("review.text.prompt"));
        subjectFilter.setId("reviewSubject");
        subjectFilter.setPromptText(text.getString("review.subject.prompt"));
        textFilter.textProperty().addListener((o, was, is) -> changed());
        subjectFilter.textProperty().addListener((o, was, is) -> changed());
        check(seriousOnly, "seriousOnly", "review.seriousOnly");
        check(relatedOnly, "relatedOnly", "review.relatedOnly");
        check(teaeOnly, "teaeOnly", "review.teaeOnly");
        check(ongoingOnly, "ongoingOnly", "review.ongoingOnly");
        check(includeDeleted, "includeDeleted", "review.includeDeleted");
        onsetFrom.setId("onsetFrom");
        onsetTo.setId("onsetTo");
        for (DatePicker d : List.of(onsetFrom, onsetTo)) {
            d.setMaxWidth(Double.MAX_VALUE);
            d.setConverter(new StringConverter<>() {
                @Override
                public String toString(LocalDate date) {
                    return date == null ? "" : PartialDate.of(date).toCrf();
                }

                @Override
                public LocalDate fromString(String s) {
                    try {
                        return s == null || s.isBlank() ? null : PartialDate.parseEntry(s.strip()).toLocalDate().orElse(null);
                    } catch (DateTimeException e) {
                        return null;
                    }
                }
            });
            d.setPromptText(text.getString("date.prompt"));
            d.valueProperty().addListener((o, was, is) -> changed());
        }
        Button clear = new Button(text.getString("review.clear"));
        clear.setId("clearFilters");
        clear.setMaxWidth(Double.MAX_VALUE);
        clear.setOnAction(e -> {
            showFilter(ReviewFilter.NONE);
            apply();
        });
        VBox panel = new VBox(6, clear,
                heading("review.grade"), grades, grade3Plus,
                heading("review.soc"), socs,
                heading("review.term"), terms,
                heading("review.text"), textFilter,
                heading("review.flags"), seriousOnly, relatedOnly, teaeOnly, ongoingOnly, includeDeleted,
                heading("review.subject"), subjectFilter,
                heading("review.site"), sites,
                heading("review.onset"), onsetFrom, onsetTo);
        panel.setPadding(new Insets(10));
        panel.getStyleClass().add("filter-panel");
        return panel;
    }

    private void showGrades(Set<Integer> grades) {
        applying = true;
        gradeButtons.forEach(b -> b.setSelected(grades.contains((Integer) b.getUserData())));
        applying = false;
        changed();
    }

    private Label heading(String key) {
        Label l = new Label(text.getString(key));
        l.getStyleClass().add("filter-heading");
        return l;
    }

    private void check(CheckBox box, String id, String key) {
        box.setId(id);
        box.setText(text.getString(key));
        box.selectedProperty().addListener((o, was, is) -> changed());
    }

    /** The choices the data offer: SOCs, terms and sites that occur. */
    private void fillChoices() {
        applying = true;
        socs.getItems().setAll(all.stream().map(r -> r.ae().soc()).collect(Collectors.toCollection(TreeSet::new)));
        termNames.clear();
        all.stream().map(ReviewRow::ae).sorted(Comparator.comparing(AdverseEvent::ctcaeTerm))
                .forEach(ae -> termNames.putIfAbsent(ae.meddraCode(), ae.ctcaeTerm()));
        terms.getItems().setAll(termNames.keySet());
        sites.getItems().setAll(all.stream().map(ReviewRow::site).collect(Collectors.toCollection(TreeSet::new)));
        applying = false;
    }

    /** Puts a filter into the controls without applying it piece by piece. */
    private void showFilter(ReviewFilter f) {
        applying = true;
        gradeButtons.forEach(b -> b.setSelected(f.grades().contains((Integer) b.getUserData())));
        checkOnly(socs, f.socs());
        checkOnly(terms, f.terms());
        checkOnly(sites, f.sites());
        textFilter.setText(f.text());
        subjectFilter.setText(f.subject());
        seriousOnly.setSelected(f.seriousOnly());
        relatedOnly.setSelected(f.relatedOnly());
        teaeOnly.setSelected(f.treatmentEmergentOnly());
        ongoingOnly.setSelected(f.ongoingOnly());
        includeDeleted.setSelected(f.includeDeleted());
        onsetFrom.setValue(f.onsetFrom());
        onsetTo.setValue(f.onsetTo());
        applying = false;
    }

    private static void checkOnly(CheckComboBox<String> box, Set<String> values) {
        box.getCheckModel().clearChecks();
        values.stream().filter(box.getItems()::contains).forEach(v -> box.getCheckModel().check(v));
    }

    private void changed() {
        if (!applying) {
            apply();
        }
    }

    private ReviewFilter fromControls() {
        Set<Integer> grades = new HashSet<>();
        gradeButtons.stream().filter(ToggleButton::isSelected).forEach(b -> grades.add((Integer) b.getUserData()));
        return new ReviewFilter(grades, Set.copyOf(socs.getCheckModel().getCheckedItems()), Set.copyOf(terms.getCheckModel().getCheckedItems()),
                textFilter.getText(), seriousOnly.isSelected(), relatedOnly.isSelected(), teaeOnly.isSelected(), ongoingOnly.isSelected(),
                includeDeleted.isSelected(), subjectFilter.getText(), Set.copyOf(sites.getCheckModel().getCheckedItems()), onsetFrom.getValue(),
                onsetTo.getValue());
    }

    /** Filters the loaded AEs in memory (no database work), then the table, the counts and the chart follow. */
    private void apply() {
        filter = fromControls();
        if (preferences != null) {
            preferences.put(FILTER_KEY, filter.toLine());
        }
        shown = filter.apply(all);
        SortedList<ReviewRow> sorted = new SortedList<>(FXCollections.observableList(shown));
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        ToxicityBySoc tox = drawChart(); // it counts the distinct subjects too
        int[] totals = filter.includeDeleted() ? totalsWithDeleted : totalsWithoutDeleted;
        status.setText(MessageFormat.format(text.getString("review.status"), shown.size(), totals[0], tox.subjects(), totals[1]));
    }

    // ---- the table

    private void buildTable() {
        table.setId("reviewTable");
        table.setPlaceholder(new Label(text.getString("review.none")));
        table.getColumns().add(column("review.col.subject", r -> r.ae().subjectNumber(), 80));
        table.getColumns().add(column("review.col.site", ReviewRow::site, 50));
        table.getColumns().add(column("review.col.visit", r -> r.ae().reportedAtVisit(), 55));
        table.getColumns().add(column("review.col.verbatim", r -> r.ae().verbatimTerm(), 150));
        table.getColumns().add(column("review.col.term", r -> r.ae().ctcaeTerm() + (r.ae().otherSpecify() == null ? "" : ": " + r.ae().otherSpecify()), 170));
        table.getColumns().add(column("review.col.soc", r -> r.ae().soc(), 170));
        table.getColumns().add(column("review.col.code", r -> r.ae().meddraCode(), 80));
        TableColumn<ReviewRow, Integer> grade = new TableColumn<>(text.getString("review.col.grade"));
        grade.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().ae().grade()));
        grade.setCellFactory(c -> new GradeCell<>());
        grade.setPrefWidth(55);
        table.getColumns().add(grade);
        table.getColumns().add(column("review.col.onset", r -> dateWithDay(r.ae().onsetDate(), r.onsetStudyDay()), 150));
        table.getColumns().add(column("review.col.end", r -> dateWithDay(r.ae().endDate(), r.endStudyDay()), 150));
        table.getColumns().add(column("review.col.duration", r -> r.durationDays().map(String::valueOf).orElse(""), 70));
        table.getColumns().add(column("review.col.ongoing", r -> yesNo(r.ae().ongoing()), 65));
        table.getColumns().add(column("review.col.serious", r -> r.ae().serious() ? yesNo(true) + " (" + criteria(r.ae()) + ")" : yesNo(false), 120));
        table.getColumns().add(column("review.col.relationship", r -> text.getString("Relationship." + r.ae().relationship().name()), 100));
        table.getColumns().add(column("review.col.action", r -> text.getString("ActionTaken." + r.ae().actionTaken().name()), 120));
        table.getColumns().add(column("review.col.outcome", r -> text.getString("Outcome." + r.ae().outcome().name()), 150));
        table.getColumns().add(column("review.col.teae", r -> yesNo(r.treatmentEmergent()), 50));
        table.getColumns().add(column("capture.col.queries", r -> {
            Integer n = openQueries.get(r.ae().id());
            return n == null ? "" : String.valueOf(n);
        }, 65));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ReviewRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove("deleted-row");
                if (!empty && r != null && r.ae().deleted()) {
                    getStyleClass().add("deleted-row");
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> showDetail(is));
    }

    private String criteria(AdverseEvent ae) {
        return ae.seriousCriteria().stream().map(c -> text.getString("SeriousCriterion." + c.name())).collect(Collectors.joining(", "));
    }

    private String dateWithDay(PartialDate date, Optional<Integer> day) {
        if (date == null) {
            return text.getString("capture.unknownDate");
        }
        return day.map(d -> MessageFormat.format(text.getString("capture.dateWithDay"), date.toCrf(), d)).orElse(date.toCrf());
    }

    private String yesNo(boolean b) {
        return text.getString(b ? "capture.yes" : "capture.no");
    }

    private TableColumn<ReviewRow, String> column(String key, Function<ReviewRow, String> value, double width) {
        TableColumn<ReviewRow, String> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    // ---- the detail

    /** Where the AE's term was chosen from, in words: "lexicon (abbreviation: URTI)". */
    private String coding(String stored) {
        return TermSuggestion.Stored.parse(stored).map(st -> MessageFormat.format(st.source()
                .map(s -> text.getString("review.detail.coding." + s.name())).orElse("{0}"), st.reason()))
                .orElse(text.getString("review.detail.coding.unknown"));
    }

    /** "0.8 10^9/L (normal 1.8 to 7.5; baseline not known): CTCAE grade 3, <1.0 - 0.5 x 10e9 /L". */
    private String labText(AdverseEvent ae) {
        org.aecapture.lab.LabMeasurement m = ae.lab();
        String range = MessageFormat.format(text.getString("review.detail.lab.range"), plain(m.lln()), plain(m.uln()), plain(m.baseline()));
        String ctcae = review.labGrade(ae).map(g -> g.isGraded() && g.outcome() == org.aecapture.lab.LabGrade.Outcome.GRADED
                ? MessageFormat.format(text.getString("review.detail.lab.graded"), g.grade(), g.ctcaeText()) : g.reason()).orElse("");
        return plain(m.value()) + " " + m.unit() + " " + range + (ctcae.isEmpty() ? "" : ": " + ctcae);
    }

    private String plain(java.math.BigDecimal d) {
        return d == null ? text.getString("review.detail.lab.unknown") : d.toPlainString();
    }

    private void showDetail(ReviewRow row) {
        detail.getChildren().clear();
        if (row == null) {
            detail.getChildren().add(new Label(text.getString("review.detail.none")));
            return;
        }
        AdverseEvent ae = row.ae();
        GridPane facts = new GridPane();
        facts.setHgap(16);
        facts.setVgap(4);
        facts.getStyleClass().add("overview-facts");
        int r = 0;
        r = fact(facts, r, "review.col.subject", ae.subjectNumber() + "   (" + text.getString("review.col.site") + " " + row.site() + ")");
        r = fact(facts, r, "review.col.verbatim", ae.verbatimTerm());
        r = fact(facts, r, "review.col.term", ae.ctcaeTerm() + (ae.otherSpecify() == null ? "" : ": " + ae.otherSpecify())
                + "   \u00b7   " + ae.soc() + "   \u00b7   MedDRA " + ae.meddraCode());
        r = fact(facts, r, "review.detail.coding", coding(ae.termCoding()));
        String gradeText = review.gradeDescription(ae.meddraCode(), ae.grade()).orElse("");
        r = fact(facts, r, "review.col.grade", MessageFormat.format(text.getString("review.detail.grade"), ae.grade(), gradeText));
        var inV6 = review.inCtcaeV6(ae).orElse(null);
        if (inV6 != null) {
            r = fact(facts, r, "review.detail.v6", MessageFormat.format(text.getString("review.detail.v6.value"), inV6.v6Term(),
                    inV6.v6Code(), inV6.v6Item(), inV6.v6Text(), inV6.change()));
        }
        if (ae.lab() != null) {
            r = fact(facts, r, "review.detail.lab", labText(ae));
        }
        if (ae.gradeReason() != null) {
            r = fact(facts, r, "review.detail.gradeReason", ae.gradeReason());
        }
        r = fact(facts, r, "review.col.onset", dateWithDay(ae.onsetDate(), row.onsetStudyDay()));
        r = fact(facts, r, "review.col.end", ae.ongoing() ? text.getString("capture.ongoing") : dateWithDay(ae.endDate(), row.endStudyDay()));
        r = fact(facts, r, "review.col.serious", ae.serious() ? yesNo(true) + " (" + criteria(ae) + ")" : yesNo(false));
        r = fact(facts, r, "review.col.relationship", text.getString("Relationship." + ae.relationship().name()));
        r = fact(facts, r, "review.col.action", text.getString("ActionTaken." + ae.actionTaken().name()));
        r = fact(facts, r, "review.col.outcome", text.getString("Outcome." + ae.outcome().name()));
        r = fact(facts, r, "review.col.teae", yesNo(row.treatmentEmergent()));
        if (ae.deleted()) {
            fact(facts, r, "review.detail.deleted", yesNo(true));
        }
        Label historyHeading = new Label(text.getString("review.detail.history"));
        historyHeading.getStyleClass().add("filter-heading");
        detail.getChildren().addAll(facts, historyHeading);
        int signatureRow = r + 1;
        record Loaded(List<AuditEntry> history, SignatureService.Status signature) { }
        Background.run("review-history", () -> new Loaded(review.history(ae.id()), review.signature(ae.subjectNumber())), loaded -> {
            if (table.getSelectionModel().getSelectedItem() == row) {
                var history = AuditHistoryTable.of(text, loaded.history());
                history.setPrefHeight(160);
                detail.getChildren().add(history);
                var signed = loaded.signature();
                fact(facts, signatureRow, "review.detail.signature", switch (signed.state()) {
                    case NOT_SIGNED -> text.getString("sign.state.none");
                    case SIGNED -> MessageFormat.format(text.getString("sign.state.signed"), signed.latest().orElseThrow().signedBy(),
                            AuditHistoryTable.utc(signed.latest().orElseThrow().signedAt()));
                    case CHANGED_SINCE_SIGNED -> MessageFormat.format(text.getString("sign.state.invalid"),
                            signed.latest().orElseThrow().signedBy());
                });
            }
        }, status::setText);
    }

    private int fact(GridPane grid, int row, String key, String value) {
        Label name = new Label(text.getString(key));
        name.getStyleClass().add("fact-name");
        Label val = new Label(value);
        val.setWrapText(true);
        val.getStyleClass().add("fact-value");
        grid.addRow(row, name, val);
        return row + 1;
    }

    // ---- the chart

    private Node chartPane() {
        ToggleGroup mode = new ToggleGroup();
        chartBySubject.setText(text.getString("review.chart.subjects"));
        chartBySubject.setId("chartBySubject");
        chartBySubject.setToggleGroup(mode);
        chartBySubject.setSelected(true);
        chartByEvent.setText(text.getString("review.chart.events"));
        chartByEvent.setId("chartByEvent");
        chartByEvent.setToggleGroup(mode);
        mode.selectedToggleProperty().addListener((o, was, is) -> drawChart());
        HBox modes = new HBox(12, new Label(text.getString("review.chart.count")), chartBySubject, chartByEvent);
        modes.getStyleClass().add("form-row");
        chartHolder.setFitToWidth(true);
        VBox box = new VBox(6, modes, chartHolder);
        VBox.setVgrow(chartHolder, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /**
     * Subjects (or events) by SOC, stacked by highest grade, for the rows the filter keeps. A new chart
     * each time: a StackedBarChart whose categories change keeps laying bars out on the old ones.
     */
    private ToxicityBySoc drawChart() {
        ToxicityBySoc tox = ToxicityBySoc.of(shown, chartBySubject.isSelected());
        List<String> ordered = new ArrayList<>(tox.countsByGrade().keySet());
        ordered.sort(Comparator.comparingInt(tox::total)); // the busiest SOC at the top of the horizontal bars
        NumberAxis counts = new NumberAxis();
        counts.setLabel(text.getString("review.chart.axis"));
        counts.setMinorTickVisible(false);
        counts.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.intValue()) : ""; // counts are whole
            }

            @Override
            public Number fromString(String s) {
                return null;
            }
        });
        StackedBarChart<Number, String> chart = new StackedBarChart<>(counts, new CategoryAxis(FXCollections.observableArrayList(ordered)));
        chart.setId("socChart");
        chart.setAnimated(false);
        chart.setCategoryGap(4);
        for (int g = 1; g <= 5; g++) {
            XYChart.Series<Number, String> s = new XYChart.Series<>();
            s.setName(MessageFormat.format(text.getString("review.chart.grade"), g));
            for (String soc : ordered) {
                s.getData().add(new XYChart.Data<>(tox.counts(soc)[g], soc));
            }
            chart.getData().add(s);
        }
        chart.setMinHeight(Math.max(220, ordered.size() * 22 + 110)); // every SOC gets a readable line; the pane scrolls
        chartHolder.setContent(chart);
        return tox;
    }

    // ---- export

    private void exportView() {
        Optional<Path> target = exportTarget.apply(root.getScene() == null ? null : root.getScene().getWindow());
        if (target.isEmpty()) {
            return;
        }
        List<ReviewRow> rows = List.copyOf(table.getItems()); // as sorted on screen
        ReviewFilter f = filter;
        Task<Path> task = new Task<>() {
            @Override
            protected Path call() {
                review.exportView(target.get(), rows, f, n -> updateProgress(n, rows.size()));
                return target.get();
            }
        };
        bar.run("review-export", task, written -> MessageFormat.format(text.getString("review.exported"), rows.size(), written));
    }

    /** The default place to export to: a save dialog in the home folder. */
    public static Function<Window, Optional<Path>> fileChooser(ResourceBundle text, String studyId) {
        return FileChoosers.saveXlsx(text, "review.export.title", studyId + "_ae_review_" + LocalDate.now() + ".xlsx");
    }

    /** The AEs the filter keeps now, for tests and the status bar. */
    List<ReviewRow> shownRows() {
        return shown;
    }

    private Tab tab(String key, Node content) {
        Tab t = new Tab(text.getString(key), content);
        t.setId(key.substring(key.lastIndexOf('.') + 1) + "Tab");
        return t;
    }
}
