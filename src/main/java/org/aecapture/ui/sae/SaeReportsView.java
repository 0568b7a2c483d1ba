package org.aecapture.ui.sae;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.domain.Relationship;
import org.aecapture.domain.Role;
import org.aecapture.sae.Expectedness;
import org.aecapture.sae.SaeStatus;
import org.aecapture.service.AeCapture;
import org.aecapture.service.SaeService;
import org.aecapture.ui.Background;
import org.aecapture.ui.FileChoosers;

/**
 * "SAE reports": every serious AE of the sites one reads, with where it stands (initial report due, sent, follow-up
 * due, SUSAR due, submitted), when it is due and the time left; overdue ones first and marked. Site staff send the
 * reports; the safety reviewer records the sponsor's assessment and the SUSAR submission; anyone produces the CIOMS I.
 */
public final class SaeReportsView {

    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ENGLISH);

    private final ResourceBundle text;
    private final AeCapture app;
    private final Function<Window, Optional<Path>> ciomsTarget;
    private final ZoneId zone = ZoneId.systemDefault();
    private final BorderPane root = new BorderPane();
    private final TableView<SaeService.SaeRow> table = new TableView<>();
    private final CheckBox overdueOnly = new CheckBox();
    private final ComboBox<SaeStatus.State> stateFilter = new ComboBox<>();
    private final TextField subjectFilter = new TextField();
    private final Button send = new Button();
    private final Button cioms = new Button();
    private final Button assess = new Button();
    private final Button submitted = new Button();
    private final Label status = new Label();
    private List<SaeService.SaeRow> all = List.of();

    public SaeReportsView(ResourceBundle text, AeCapture app, Function<Window, Optional<Path>> ciomsTarget) {
        this.text = text;
        this.app = app;
        this.ciomsTarget = ciomsTarget;
        build();
    }

    public static Function<Window, Optional<Path>> fileChooser(ResourceBundle text) {
        return FileChoosers.savePdf(text, "sae.cioms.title", "cioms.pdf");
    }

    public Parent root() {
        return root;
    }

    private void build() {
        root.getStyleClass().add("sae-reports");
        root.setPadding(new Insets(10, 14, 10, 14));
        table.setId("saeTable");
        overdueOnly.setId("saeOverdueOnly");
        overdueOnly.setText(text.getString("sae.filter.overdue"));
        stateFilter.setId("saeStateFilter");
        stateFilter.getItems().add(null);
        stateFilter.getItems().addAll(SaeStatus.State.values());
        stateFilter.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SaeStatus.State s) {
                return s == null ? text.getString("sae.filter.anyState") : text.getString("sae.state." + s.name());
            }

            @Override
            public SaeStatus.State fromString(String s) {
                return null;
            }
        });
        subjectFilter.setId("saeSubjectFilter");
        subjectFilter.setPromptText(text.getString("sae.filter.subject"));
        for (var p : List.of(overdueOnly.selectedProperty(), stateFilter.valueProperty(), subjectFilter.textProperty())) {
            p.addListener(o -> applyFilter());
        }
        send.setId("saeSend");
        send.setText(text.getString("sae.send"));
        cioms.setId("saeCioms");
        cioms.setText(text.getString("sae.cioms"));
        assess.setId("saeAssess");
        assess.setText(text.getString("sae.assess"));
        submitted.setId("saeSubmitted");
        submitted.setText(text.getString("sae.submitted"));
        status.setId("saeStatus");
        status.setWrapText(true);
        send.setOnAction(e -> sendReport());
        cioms.setOnAction(e -> writeCioms());
        assess.setOnAction(e -> assess());
        submitted.setOnAction(e -> recordSubmission());
        Role role = app.signedIn().map(a -> a.role()).orElse(Role.INVESTIGATOR);
        boolean site = role == Role.INVESTIGATOR || role == Role.COORDINATOR;
        send.setVisible(site);
        send.setManaged(site);
        assess.setVisible(role == Role.SAFETY_REVIEWER);
        assess.setManaged(role == Role.SAFETY_REVIEWER);
        submitted.setVisible(role == Role.SAFETY_REVIEWER);
        submitted.setManaged(role == Role.SAFETY_REVIEWER);

        table.getColumns().add(column("sae.col.ae", r -> String.valueOf(r.ae().id()), 50));
        table.getColumns().add(column("sae.col.subject", r -> r.ae().subjectNumber(), 75));
        table.getColumns().add(column("sae.col.term", r -> r.ae().ctcaeTerm(), 225));
        table.getColumns().add(column("sae.col.grade", r -> String.valueOf(r.ae().grade()), 50));
        table.getColumns().add(column("sae.col.state", this::stateText, 170));
        TableColumn<SaeService.SaeRow, Instant> due = new TableColumn<>(text.getString("sae.col.due"));
        due.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status().due()));
        due.setComparator(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        due.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Instant i, boolean empty) {
                super.updateItem(i, empty);
                setText(empty || i == null ? "" : DUE.format(i.atZone(zone)));
            }
        });
        due.setPrefWidth(140);
        due.setMinWidth(140);
        table.getColumns().add(due);
        TableColumn<SaeService.SaeRow, Duration> left = new TableColumn<>(text.getString("sae.col.left"));
        left.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().status().timeLeft(app.sae().now())));
        left.setComparator(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        left.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Duration d, boolean empty) {
                super.updateItem(d, empty);
                setText(empty || d == null ? "" : timeLeft(d));
            }
        });
        left.setPrefWidth(100);
        left.setMinWidth(100);
        table.getColumns().add(left);
        table.getColumns().add(column("sae.col.susar", this::susarText, 230));

        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(SaeService.SaeRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("sae-overdue", "sae-soon");
                if (!empty && r != null && r.status().due() != null) {
                    Instant now = app.sae().now();
                    if (r.status().overdue(now)) {
                        getStyleClass().add("sae-overdue");
                    } else if (r.status().due().isBefore(now.plus(SaeService.SOON))) {
                        getStyleClass().add("sae-soon");
                    }
                }
            }
        });
        table.setPlaceholder(new Label(text.getString("sae.none")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN); // every column in view, no sideways scroll
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> enableButtons());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox filters = new HBox(10, new Label(text.getString("sae.filter.state")), stateFilter, subjectFilter, overdueOnly, grow, send, assess,
                submitted, cioms);
        filters.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label title = new Label(text.getString("sae.screen.title"));
        title.getStyleClass().add("filter-heading");
        root.setTop(new VBox(8, title, filters));
        BorderPane.setMargin(table, new Insets(8, 0, 8, 0));
        root.setCenter(table);
        root.setBottom(status);
        enableButtons();
    }

    private TableColumn<SaeService.SaeRow, String> column(String key, Function<SaeService.SaeRow, String> value, double width) {
        TableColumn<SaeService.SaeRow, String> c = new TableColumn<>(text.getString(key));
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 170)); // the number and the state are never cut short
        return c;
    }

    /** "SUSAR, due 11-Dec-2026 (day 15)", "SUSAR, submitted 02-Dec-2026", "SUSAR" before day 0; empty when not a SUSAR. */
    private String susarText(SaeService.SaeRow r) {
        SaeStatus s = r.status();
        if (!s.susar()) {
            return "";
        }
        if (r.sponsor() != null && r.sponsor().susarSubmittedOn() != null) {
            return MessageFormat.format(text.getString("sae.susar.submitted"), DAY.format(r.sponsor().susarSubmittedOn()));
        }
        if (s.susarDueDate() == null) {
            return text.getString("sae.susar");
        }
        boolean seven = SaeStatus.fatalOrLifeThreatening(r.ae());
        return MessageFormat.format(text.getString("sae.susar.due"), DAY.format(s.susarDueDate()), seven
                ? app.study().safety().susarFatalOrLifeThreateningDays() : app.study().safety().susarOtherDays());
    }

    private String stateText(SaeService.SaeRow r) {
        return stateText(text, r.status());
    }

    /** "Initial report due", "Follow-up 2 due", "SUSAR submitted". */
    public static String stateText(ResourceBundle text, SaeStatus s) {
        return MessageFormat.format(text.getString("sae.state." + s.state().name()), s.followUpNumber());
    }

    private String timeLeft(Duration d) {
        return timeLeft(text, d);
    }

    /** "5 h 20 min", "OVERDUE by 2 d 3 h". */
    public static String timeLeft(ResourceBundle text, Duration d) {
        Duration a = d.abs();
        String t = a.toDays() > 0 ? MessageFormat.format(text.getString("sae.left.days"), a.toDays(), a.toHoursPart())
                : MessageFormat.format(text.getString("sae.left.hours"), a.toHours(), a.toMinutesPart());
        return d.isNegative() ? MessageFormat.format(text.getString("sae.left.overdue"), t) : t;
    }

    public void refresh() {
        refresh(() -> { });
    }

    /** Reads the list anew off the FX thread, then runs {@code then} (which may say what was just done). */
    private void refresh(Runnable then) {
        Task<List<SaeService.SaeRow>> reading = Background.run("sae-list", () -> app.sae().list(false), rows -> {
            all = rows;
            applyFilter();
            then.run();
        }, text, status::setText);
        Background.placeholderUntilDone(table, reading, text.getString("sae.loading"), text.getString("sae.none"));
    }

    private void applyFilter() {
        Instant now = app.sae().now();
        String subject = subjectFilter.getText().strip();
        SaeService.SaeRow selected = table.getSelectionModel().getSelectedItem();
        List<SaeService.SaeRow> shown = all.stream().filter(r -> !overdueOnly.isSelected() || r.status().overdue(now))
                .filter(r -> stateFilter.getValue() == null || r.status().state() == stateFilter.getValue())
                .filter(r -> subject.isEmpty() || r.ae().subjectNumber().contains(subject)).toList();
        table.setItems(FXCollections.observableArrayList(shown));
        if (selected != null) {
            shown.stream().filter(r -> r.ae().id().equals(selected.ae().id())).findFirst().ifPresent(r -> table.getSelectionModel().select(r));
        }
        long overdue = all.stream().filter(r -> r.status().overdue(now)).count();
        status.setText(MessageFormat.format(text.getString("sae.status"), shown.size(), all.size(), overdue));
        enableButtons();
    }

    private void enableButtons() {
        SaeService.SaeRow r = table.getSelectionModel().getSelectedItem();
        send.setDisable(r == null || !r.status().siteReportDue() || r.status().state() == SaeStatus.State.AWARENESS_MISSING
                || r.status().state() == SaeStatus.State.AWAITING_SYNC); // made already: a sync delivers it
        cioms.setDisable(r == null);
        assess.setDisable(r == null);
        submitted.setDisable(r == null || !r.status().susar());
    }

    /** The rows as shown, for tests. */
    List<SaeService.SaeRow> shownRows() {
        return table.getItems();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private <T> void run(Callable<T> work, Consumer<T> done) {
        Background.run("sae", work, done, text, status::setText);
    }

    private void sendReport() {
        SaeService.SaeRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        run(() -> app.sae().sendReport(r.ae().id()), report -> refresh(() -> status.setText(
                MessageFormat.format(text.getString("sae.sent"), report.label(), r.ae().id(), report.sha256().substring(0, 12)))));
    }

    private void writeCioms() {
        SaeService.SaeRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        ciomsTarget.apply(window()).ifPresent(out -> run(() -> app.sae().cioms(r.ae().id(), out, false),
                form -> status.setText(MessageFormat.format(text.getString("sae.cioms.written"), r.ae().id(), out))));
    }

    private void assess() {
        SaeService.SaeRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(window());
        d.setTitle(text.getString("sae.assess.title"));
        d.setHeaderText(MessageFormat.format(text.getString("sae.assess.header"), r.ae().id(), r.ae().subjectNumber(), r.ae().ctcaeTerm(),
                text.getString("Relationship." + r.ae().relationship().name())));
        ComboBox<Relationship> causality = new ComboBox<>(FXCollections.observableArrayList(Relationship.values()));
        causality.setId("saeSponsorCausality");
        org.aecapture.ui.Choices.named(causality, v -> text.getString("Relationship." + v.name()));
        ComboBox<Expectedness> expectedness = new ComboBox<>(FXCollections.observableArrayList(Expectedness.values()));
        expectedness.setId("saeExpectedness");
        org.aecapture.ui.Choices.named(expectedness, v -> text.getString("Expectedness." + v.name()));
        TextField reason = new TextField();
        reason.setId("saeAssessReason");
        if (r.sponsor() != null) {
            causality.setValue(r.sponsor().causality());
            expectedness.setValue(r.sponsor().expectedness());
        }
        if (confirmed(d, reason.textProperty().isEmpty().not(), causality, new Field("sae.assess.causality", causality),
                new Field("sae.assess.expectedness", expectedness), new Field("sae.assess.reason", reason))) {
            run(() -> app.sae().assess(r.ae().id(), causality.getValue(), expectedness.getValue(), reason.getText().strip()), a -> refresh());
        }
    }

    private void recordSubmission() {
        SaeService.SaeRow r = table.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(window());
        d.setTitle(text.getString("sae.submitted.title"));
        d.setHeaderText(MessageFormat.format(text.getString("sae.submitted.header"), r.ae().id(), r.status().susarDueDate()));
        javafx.scene.control.DatePicker on = new javafx.scene.control.DatePicker(LocalDate.now());
        on.setId("saeSubmittedOn");
        TextField reason = new TextField();
        reason.setId("saeSubmittedReason");
        if (confirmed(d, reason.textProperty().isEmpty().not().and(on.valueProperty().isNotNull()), on, new Field("sae.submitted.on", on),
                new Field("sae.assess.reason", reason))) {
            run(() -> app.sae().recordSusarSubmission(r.ae().id(), on.getValue(), reason.getText().strip()), a -> refresh());
        }
    }

    /** One labelled field of a reviewer's dialog. */
    private record Field(String labelKey, javafx.scene.Node control) { }

    /** Lays out the dialog's fields, OK only when {@code ready}, {@code first} focused; whether OK was pressed. */
    private boolean confirmed(Dialog<ButtonType> d, javafx.beans.binding.BooleanExpression ready, javafx.scene.Node first, Field... fields) {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        for (int i = 0; i < fields.length; i++) {
            g.addRow(i, new Label(text.getString(fields[i].labelKey())), fields[i].control());
        }
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(ready.not());
        d.setOnShown(e -> first.requestFocus());
        return d.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
