package org.aecapture.ui.queries;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.domain.Account;
import org.aecapture.domain.DataQuery;
import org.aecapture.domain.QueryRow;
import org.aecapture.domain.QueryStep;
import org.aecapture.domain.QueryWorkflow;
import org.aecapture.domain.Role;
import org.aecapture.domain.SdvMark;
import org.aecapture.review.QueryFilter;
import org.aecapture.review.QueryMetrics;
import org.aecapture.service.AeCapture;
import org.aecapture.service.DataQueryService;
import org.aecapture.ui.Background;
import org.aecapture.ui.Choices;
import org.aecapture.ui.FieldLabels;
import org.aecapture.ui.FileChoosers;
import org.aecapture.ui.ReasonDialog;

/**
 * The Queries screen: every query of one's sites, filtered and sorted, its thread and the steps one's role may take
 * (answer, close, re-open, cancel; raise, for monitors and safety reviewers), query metrics per site, and source data
 * verification. Everything is read and written off the FX thread.
 */
public final class QueriesView {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final ResourceBundle text;
    private final AeCapture app;
    private final Function<Window, Optional<Path>> exportTarget;
    /** Opens an AE on the capture screen to correct it as the answer to a query: subject, AE, query. */
    private final OpenForAnswer openForAnswer;
    private final VBox root = new VBox(10);
    private final TableView<QueryRow> table = new TableView<>();
    private final ComboBox<String> stateFilter = new ComboBox<>();
    private final ComboBox<String> siteFilter = new ComboBox<>();
    private final TextField subjectFilter = new TextField();
    private final ComboBox<String> raisedByFilter = new ComboBox<>();
    private final TextField ageFilter = new TextField();
    private final ListView<QueryStep> thread = new ListView<>();
    private final Label threadTitle = new Label();
    private final Label metrics = new Label();
    private final Label message = new Label();
    private final Button raise = new Button();
    private final Button answer = new Button();
    private final Button correct = new Button();
    private final Button close = new Button();
    private final Button reopen = new Button();
    private final Button cancel = new Button();
    private final Button runChecks = new Button();
    private final Button export = new Button();
    private final TableView<DataQueryService.SdvRow> sdvTable = new TableView<>();
    private final Label sdvProgress = new Label();
    private final Button verify = new Button();
    private final ReadOnlyIntegerWrapper outstanding = new ReadOnlyIntegerWrapper();
    private List<QueryRow> all = List.of();

    /** Opens a subject on the Subjects and visits screen, where its enrolment data and visits are corrected. */
    private final java.util.function.Consumer<String> openSubject;

    /** Opens an AE on the capture screen to correct it as the answer to a query. */
    @FunctionalInterface
    public interface OpenForAnswer {
        void open(String subjectNumber, long aeId, DataQuery query);
    }

    /**
     * {@code openForAnswer} opens a queried AE on the capture screen, {@code openSubject} a subject whose enrolment data or
     * visit is queried on the Subjects and visits screen.
     */
    public QueriesView(ResourceBundle text, AeCapture app, Function<Window, Optional<Path>> exportTarget, OpenForAnswer openForAnswer,
                       java.util.function.Consumer<String> openSubject) {
        this.text = text;
        this.app = app;
        this.exportTarget = exportTarget;
        this.openForAnswer = openForAnswer;
        this.openSubject = openSubject;
        root.setPadding(new Insets(12, 16, 12, 16));
        root.getStyleClass().add("queries-screen");
        Label heading = new Label(text.getString("queries.heading"));
        heading.getStyleClass().add("screen-heading");
        TabPane tabs = new TabPane(new Tab(text.getString("queries.tab.queries"), queriesPane()), new Tab(text.getString("queries.tab.sdv"), sdvPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("queriesTabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);
        message.setId("queriesMessage");
        message.setWrapText(true);
        root.getChildren().addAll(heading, tabs, message);
    }

    public static Function<Window, Optional<Path>> fileChooser(ResourceBundle text, String studyId) {
        return FileChoosers.saveXlsx(text, "queries.export.title", studyId + "_queries_" + java.time.LocalDate.now() + ".xlsx");
    }

    public Node root() {
        return root;
    }

    /** How many queries of one's sites wait on someone, as last read: the navigation shows it. */
    public ReadOnlyIntegerProperty outstandingProperty() {
        return outstanding.getReadOnlyProperty();
    }

    private Node queriesPane() {
        stateFilter.setId("queryStateFilter");
        stateFilter.getItems().setAll("OUTSTANDING", "ALL", "OPEN", "ANSWERED", "CLOSED", "CANCELLED");
        Choices.named(stateFilter, s -> text.getString("queries.state." + s));
        stateFilter.setValue("OUTSTANDING");
        siteFilter.setId("querySiteFilter");
        Choices.named(siteFilter, s -> s == null || s.isEmpty() ? text.getString("queries.any") : s);
        raisedByFilter.setId("queryRaisedByFilter");
        Choices.named(raisedByFilter, s -> s == null || s.isEmpty() ? text.getString("queries.any") : s);
        subjectFilter.setId("querySubjectFilter");
        subjectFilter.setPromptText(text.getString("queries.subject.prompt"));
        subjectFilter.setPrefColumnCount(8);
        ageFilter.setId("queryAgeFilter");
        ageFilter.setPromptText(text.getString("queries.age.prompt"));
        ageFilter.setPrefColumnCount(4);
        for (var p : List.of(stateFilter.valueProperty(), siteFilter.valueProperty(), raisedByFilter.valueProperty())) {
            p.addListener(o -> show());
        }
        subjectFilter.textProperty().addListener(o -> show());
        ageFilter.textProperty().addListener(o -> show());
        HBox filters = new HBox(8, label("queries.filter.state", stateFilter), stateFilter, label("queries.filter.site", siteFilter), siteFilter,
                label("queries.filter.subject", subjectFilter), subjectFilter, label("queries.filter.raisedBy", raisedByFilter), raisedByFilter,
                label("queries.filter.age", ageFilter), ageFilter);
        filters.setAlignment(Pos.CENTER_LEFT);
        filters.getStyleClass().add("filter-bar");

        table.setId("queryTable");
        table.setPlaceholder(new Label(text.getString("queries.none")));
        TableColumn<QueryRow, Number> id = new TableColumn<>(text.getString("queries.col.id"));
        id.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().query().id()));
        id.setPrefWidth(60);
        table.getColumns().add(id);
        table.getColumns().add(width(this.<QueryRow>column("queries.col.site", QueryRow::site), 45));
        table.getColumns().add(width(this.<QueryRow>column("queries.col.subject", r -> r.query().subjectNumber()), 75));
        table.getColumns().add(width(this.<QueryRow>column("queries.col.about", this::about), 160));
        table.getColumns().add(width(this.<QueryRow>column("queries.col.state", r -> text.getString("queries.state." + r.query().state().name())), 80));
        table.getColumns().add(width(this.<QueryRow>column("queries.col.raisedBy", r -> r.query().raisedBy()), 85));
        table.getColumns().add(width(this.<QueryRow>column("queries.col.raisedAt", r -> SHOWN.format(r.query().raisedAt())), 130));
        TableColumn<QueryRow, Number> days = new TableColumn<>(text.getString("queries.col.days"));
        days.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().query().daysOpen(c.getValue().lastActivity(), now())));
        days.setPrefWidth(75);
        table.getColumns().add(days);
        table.getColumns().add(width(this.<QueryRow>column("queries.col.text", r -> r.query().text()), 480));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> showThread(is));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);

        thread.setId("queryThread");
        thread.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(QueryStep s, boolean empty) {
                super.updateItem(s, empty);
                setWrapText(true);
                setPrefWidth(0);
                setText(empty || s == null ? null : MessageFormat.format(text.getString("queries.step"), SHOWN.format(s.at()), s.by(),
                        text.getString("queries.action." + s.action().name()), s.text() == null ? "" : s.text()));
            }
        });
        threadTitle.setId("queryThreadTitle");
        threadTitle.setWrapText(true);
        threadTitle.getStyleClass().add("filter-heading");
        button(raise, "queryRaise", "queries.raise", this::raiseQuery);
        button(answer, "queryAnswer", "queries.answer", () -> step(QueryStep.Action.ANSWER));
        button(correct, "queryCorrect", "queries.correct", this::openForCorrection);
        button(close, "queryClose", "queries.close", () -> step(QueryStep.Action.CLOSE));
        button(reopen, "queryReopen", "queries.reopen", () -> step(QueryStep.Action.REOPEN));
        button(cancel, "queryCancel", "queries.cancel", () -> step(QueryStep.Action.CANCEL));
        button(runChecks, "queryRunChecks", "queries.runChecks", this::runEditChecks);
        button(export, "queryExport", "queries.export", this::exportShown);
        javafx.scene.layout.FlowPane steps = new javafx.scene.layout.FlowPane(8, 6, answer, correct, close, reopen, cancel);
        VBox threadPane = new VBox(6, threadTitle, thread, steps);
        VBox.setVgrow(thread, Priority.ALWAYS);
        threadPane.setPadding(new Insets(0, 0, 0, 8));
        SplitPane split = new SplitPane(table, threadPane);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.66);
        VBox.setVgrow(split, Priority.ALWAYS);
        metrics.setId("queryMetrics");
        metrics.setWrapText(true);
        metrics.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // every site's line, never cut
        metrics.getStyleClass().add("study-day");
        HBox actions = new HBox(8, raise, runChecks, export);
        VBox pane = new VBox(8, filters, split, metrics, actions);
        pane.setPadding(new Insets(8, 0, 0, 0));
        showThread(null);
        return pane;
    }

    private Node sdvPane() {
        sdvTable.setId("sdvTable");
        sdvTable.setPlaceholder(new Label(text.getString("queries.sdv.none")));
        sdvTable.getColumns().add(this.<DataQueryService.SdvRow>column("queries.col.site", DataQueryService.SdvRow::site));
        sdvTable.getColumns().add(this.<DataQueryService.SdvRow>column("queries.col.subject", DataQueryService.SdvRow::subjectNumber));
        sdvTable.getColumns().add(this.<DataQueryService.SdvRow>column("queries.sdv.record", r -> text.getString("queries.target." + r.target().name()) + " " + r.recordId()));
        sdvTable.getColumns().add(this.<DataQueryService.SdvRow>column("queries.sdv.what", r -> r.label() == null ? "" : r.label()));
        sdvTable.getColumns().add(this.<DataQueryService.SdvRow>column("queries.sdv.status", r -> text.getString("queries.sdv." + r.status().name())));
        sdvTable.getColumns().add(this.<DataQueryService.SdvRow>column("queries.sdv.by", r -> r.mark() == null ? "" : r.mark().verifiedBy() + ", "
                + SHOWN.format(r.mark().verifiedAt()) + " UTC"));
        VBox.setVgrow(sdvTable, Priority.ALWAYS);
        sdvProgress.setId("sdvProgress");
        sdvProgress.setWrapText(true);
        button(verify, "sdvVerify", "queries.sdv.verify", this::verifySelected);
        verify.disableProperty().bind(sdvTable.getSelectionModel().selectedItemProperty().isNull());
        VBox pane = new VBox(8, sdvTable, sdvProgress, verify);
        pane.setPadding(new Insets(8, 0, 0, 0));
        return pane;
    }

    private Label label(String key, javafx.scene.control.Control target) {
        Label l = new Label(text.getString(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }

    private void button(Button b, String id, String key, Runnable action) {
        b.setId(id);
        b.setText(text.getString(key));
        b.setMnemonicParsing(true);
        b.setOnAction(e -> action.run());
    }

    private static <S, T> TableColumn<S, T> width(TableColumn<S, T> c, double w) {
        c.setPrefWidth(w);
        return c;
    }

    /** A column of text, for the queries' table and the verification table alike. */
    private <S> TableColumn<S, String> column(String key, Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(value.apply(v.getValue())));
        return c;
    }

    /** "AE 12 · Grade": the record and field the query is on. */
    private String about(QueryRow r) {
        DataQuery q = r.query();
        return text.getString("queries.target." + q.target().name()) + " " + q.recordId()
                + (q.field() == null ? "" : " \u00b7 " + FieldLabels.of(text, q.field()).replace("_", ""));
    }

    private Instant now() {
        return app.clock().instant();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private Optional<Account> me() {
        return app.signedIn();
    }

    /** Reads the queries and the SDV status anew. */
    public void refresh() {
        Optional<Account> a = me();
        boolean raiser = a.map(x -> QueryWorkflow.raises(x.role())).orElse(true);
        raise.setVisible(raiser);
        raise.setManaged(raiser);
        boolean checker = raiser || a.map(x -> x.role() == Role.ADMINISTRATOR).orElse(true);
        runChecks.setVisible(checker);
        runChecks.setManaged(checker);
        boolean monitor = a.map(x -> x.role() == Role.MONITOR).orElse(true);
        verify.setVisible(monitor);
        verify.setManaged(monitor);
        Background.run("queries", () -> app.queries().list(), rows -> {
            all = rows;
            String site = siteFilter.getValue();
            String by = raisedByFilter.getValue();
            List<String> sites = new ArrayList<>(List.of(""));
            sites.addAll(new TreeSet<>(rows.stream().map(QueryRow::site).toList()));
            siteFilter.getItems().setAll(sites);
            siteFilter.setValue(site != null && sites.contains(site) ? site : "");
            List<String> raisers = new ArrayList<>(List.of(""));
            raisers.addAll(new TreeSet<>(rows.stream().map(r -> r.query().raisedBy()).toList()));
            raisedByFilter.getItems().setAll(raisers);
            raisedByFilter.setValue(by != null && raisers.contains(by) ? by : "");
            outstanding.set((int) rows.stream().filter(r -> r.query().state().isOutstanding()).count());
            show();
        }, text, this::sayProblem);
        Background.run("sdv", () -> app.queries().sdvStatus(), rows -> {
            sdvTable.getItems().setAll(rows);
            sdvProgress.setText(sdvSummary(rows));
        }, text, this::sayProblem);
    }

    /** "Site 101: 3 of 5 AEs verified, 1 changed since verified; …" */
    private String sdvSummary(List<DataQueryService.SdvRow> rows) {
        java.util.Map<String, int[]> bySite = new java.util.TreeMap<>();
        for (DataQueryService.SdvRow r : rows) {
            if (r.target() == DataQuery.Target.ADVERSE_EVENT) {
                int[] n = bySite.computeIfAbsent(r.site(), s -> new int[3]);
                n[0]++;
                n[1] += r.status() == SdvMark.Status.VERIFIED ? 1 : 0;
                n[2] += r.status() == SdvMark.Status.CHANGED_SINCE_VERIFIED ? 1 : 0;
            }
        }
        List<String> parts = new ArrayList<>();
        bySite.forEach((site, n) -> parts.add(MessageFormat.format(text.getString("queries.sdv.site"), site, n[1], n[0], n[2])));
        return parts.isEmpty() ? "" : String.join("  \u00b7  ", parts);
    }

    /** The filter as the controls stand. */
    QueryFilter filter() {
        String s = stateFilter.getValue();
        DataQuery.State state = s == null || s.equals("ALL") || s.equals("OUTSTANDING") ? null : DataQuery.State.valueOf(s);
        int age;
        try {
            age = ageFilter.getText().isBlank() ? 0 : Integer.parseInt(ageFilter.getText().strip());
        } catch (NumberFormatException e) {
            age = 0;
        }
        String site = siteFilter.getValue();
        String by = raisedByFilter.getValue();
        return new QueryFilter(state, "OUTSTANDING".equals(s), site == null || site.isEmpty() ? null : site, subjectFilter.getText(),
                by == null || by.isEmpty() ? null : by, age);
    }

    private void show() {
        QueryRow selected = table.getSelectionModel().getSelectedItem();
        List<QueryRow> shown = filter().apply(all, now());
        table.getItems().setAll(shown);
        if (selected != null) {
            shown.stream().filter(r -> r.query().id().equals(selected.query().id())).findFirst().ifPresent(r -> table.getSelectionModel().select(r));
        }
        List<String> parts = new ArrayList<>();
        for (QueryMetrics m : QueryMetrics.bySite(shown, now())) {
            parts.add(MessageFormat.format(text.getString("queries.metrics"), m.site(), m.open(), m.answered(), m.closed(), m.cancelled(),
                    String.format(Locale.ROOT, "%.1f", m.medianDaysOpen())));
        }
        metrics.setText(parts.isEmpty() ? "" : String.join("   \u00b7   ", parts));
    }

    private void showThread(QueryRow r) {
        for (Button b : List.of(answer, correct, close, reopen, cancel)) {
            b.setDisable(true);
        }
        if (r == null) {
            threadTitle.setText(text.getString("queries.thread.none"));
            thread.getItems().clear();
            return;
        }
        DataQuery q = r.query();
        threadTitle.setText(MessageFormat.format(text.getString("queries.thread.title"), q.id(), q.subjectNumber(), about(r)));
        Background.run("query-thread", () -> app.queries().thread(q.id()), t -> {
            thread.getItems().setAll(t.map(DataQueryService.Thread::steps).orElse(List.of()));
            t.ifPresent(x -> offerSteps(x.query()));
        }, text, this::sayProblem);
    }

    /** Only the steps the signed-in account may take on the query are offered. */
    private void offerSteps(DataQuery q) {
        Optional<Account> a = me();
        BiConsumer<Button, QueryStep.Action> offer = (b, action) -> b.setDisable(a.isPresent()
                && QueryWorkflow.refusal(q, action, a.get().userName(), a.get().role()) != null);
        offer.accept(answer, QueryStep.Action.ANSWER);
        offer.accept(correct, QueryStep.Action.ANSWER);
        // an AE is corrected as the answer itself; enrolment data and visits on their own screen, with their own reason
        correct.setText(text.getString(q.target() == DataQuery.Target.ADVERSE_EVENT ? "queries.correct" : "queries.correctSubject"));
        offer.accept(close, QueryStep.Action.CLOSE);
        offer.accept(reopen, QueryStep.Action.REOPEN);
        offer.accept(cancel, QueryStep.Action.CANCEL);
    }

    private void step(QueryStep.Action action) {
        QueryRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        long id = r.query().id();
        Optional<String> words = ReasonDialog.ask(window(), text, "queries.step.title",
                MessageFormat.format(text.getString("queries.step." + action.name()), id));
        if (words.isEmpty()) {
            return;
        }
        Callable<DataQuery> work = switch (action) {
            case ANSWER -> () -> app.queries().answer(id, words.get());
            case CLOSE -> () -> app.queries().close(id, words.get());
            case REOPEN -> () -> app.queries().reopen(id, words.get());
            case CANCEL -> () -> app.queries().cancel(id, words.get());
            default -> throw new IllegalArgumentException(action.name());
        };
        Background.run("query-step", work, q -> {
            say(MessageFormat.format(text.getString("queries.done"), q.id(), text.getString("queries.state." + q.state().name())));
            refresh();
        }, text, this::sayProblem);
    }

    private void openForCorrection() {
        QueryRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        if (r.query().target() == DataQuery.Target.ADVERSE_EVENT) {
            openForAnswer.open(r.query().subjectNumber(), r.query().recordId(), r.query());
        } else {
            openSubject.accept(r.query().subjectNumber());
        }
    }

    private void raiseQuery() {
        RaiseQueryDialog.ask(window(), text, app).ifPresent(d -> Background.run("query-raise",
                () -> app.queries().raise(d.target(), d.recordId(), d.field(), d.text()), q -> {
                    say(MessageFormat.format(text.getString("queries.raised"), q.id(), q.subjectNumber()));
                    refresh();
                }, text, this::sayProblem));
    }

    private void runEditChecks() {
        runChecks.setDisable(true);
        Background.run("edit-checks", () -> app.queries().runChecks(), run -> {
            runChecks.setDisable(false);
            say(MessageFormat.format(text.getString("queries.checksRun"), run.subjects(), run.opened(), run.resolved(),
                    String.format(Locale.ROOT, "%.1f", run.took().toMillis() / 1000.0)));
            refresh();
        }, text, problem -> {
            runChecks.setDisable(false);
            sayProblem(problem);
        });
    }

    private void exportShown() {
        Optional<Path> target = exportTarget.apply(window());
        if (target.isEmpty()) {
            return;
        }
        List<QueryRow> rows = List.copyOf(table.getItems());
        String shown = filter().describe();
        Background.run("query-export", () -> app.queries().export(target.get(), rows, shown),
                path -> say(MessageFormat.format(text.getString("queries.exported"), rows.size(), path)), text, this::sayProblem);
    }

    private void verifySelected() {
        DataQueryService.SdvRow r = sdvTable.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        Background.run("sdv-verify", () -> app.queries().verify(r.target(), r.recordId()), m -> {
            say(MessageFormat.format(text.getString("queries.sdv.done"), r.subjectNumber(), text.getString("queries.target." + r.target().name()),
                    r.recordId(), m.verifiedVersion()));
            refresh();
        }, text, this::sayProblem);
    }

    private void say(String s) {
        message.getStyleClass().setAll("label", "info-message");
        message.setText(s);
    }

    private void sayProblem(String problem) {
        message.getStyleClass().setAll("label", "error-message");
        message.setText(problem);
    }
}
