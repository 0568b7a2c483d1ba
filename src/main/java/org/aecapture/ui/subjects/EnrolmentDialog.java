package org.aecapture.ui.subjects;

import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.aecapture.domain.EligibilityChecklist;
import org.aecapture.domain.EligibilityChecklist.Answer;
import org.aecapture.domain.PartialDate;
import org.aecapture.domain.Sex;
import org.aecapture.domain.Subject;
import org.aecapture.domain.SubjectRules;
import org.aecapture.domain.Violation;
import org.aecapture.ui.Background;
import org.aecapture.ui.Choices;
import org.aecapture.ui.DateField;
import org.aecapture.ui.FieldLabels;

/**
 * Enrolment of a new subject, or correction of an enrolled one: the subject's data, the age at consent
 * computed as it is typed, and the study's eligibility checklist, each criterion confirmed one by one.
 * Save stays disabled until the data are valid and the checklist has an outcome; a save that fails says
 * why and keeps everything typed.
 */
final class EnrolmentDialog {

    /** How the screen stores what was typed: the save to run off the FX thread, or empty when the user called it off. */
    interface Saver {
        Optional<Callable<Subject>> prepare(Subject subject, EligibilityChecklist checklist);
    }

    private final ResourceBundle text;
    private final SubjectRules rules;
    private final LocalDate today;
    private final Subject existing;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField number = new TextField();
    private final TextField site = new TextField();
    private final ComboBox<Sex> sex = new ComboBox<>();
    private final DateField birth;
    private final DateField consent;
    private final Label age = new Label();
    private final Label outcome = new Label();
    private final Label problems = new Label();
    private final ObjectProperty<EligibilityChecklist> checklist = new SimpleObjectProperty<>();
    private final List<String> errors = new ArrayList<>();
    private final Button saveButton;

    EnrolmentDialog(Window owner, ResourceBundle text, SubjectRules rules, LocalDate today, Subject existing,
                    EligibilityChecklist answers) {
        this.text = text;
        this.rules = rules;
        this.today = today;
        this.existing = existing;
        checklist.set(answers);
        birth = new DateField(text, "birthDate");
        consent = new DateField(text, "consentDate");
        dialog.initOwner(owner);
        dialog.setResizable(true);
        dialog.setTitle(text.getString(existing == null ? "enrol.title" : "enrol.editTitle"));
        dialog.setHeaderText(existing == null ? text.getString("enrol.header")
                : MessageFormat.format(text.getString("enrol.editHeader"), existing.subjectNumber()));
        dialog.getDialogPane().getStyleClass().add("enrolment");
        dialog.getDialogPane().setContent(content(answers));
        dialog.getDialogPane().setPrefSize(1000, 680);
        ButtonType saveType = new ButtonType(text.getString("enrol.save"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(saveType, ButtonType.CANCEL);
        Button save = (Button) dialog.getDialogPane().lookupButton(saveType);
        save.setId("saveSubject");
        dialog.getDialogPane().lookupButton(ButtonType.CANCEL).setId("cancelSubject");
        if (existing != null) {
            number.setText(existing.subjectNumber());
            number.setDisable(true); // the subject number is the record's key
            site.setText(existing.site());
            sex.setValue(existing.sex());
            birth.set(existing.birthDate());
            consent.set(PartialDate.of(existing.consentDate()));
        }
        for (var field : List.of(number.textProperty(), site.textProperty())) {
            field.addListener((o, was, is) -> check());
        }
        sex.valueProperty().addListener((o, was, is) -> check());
        birth.valueProperty().addListener((o, was, is) -> check());
        consent.valueProperty().addListener((o, was, is) -> check());
        checklist.addListener((o, was, is) -> check());
        check();
        save.disableProperty().bind(Bindings.createBooleanBinding(() -> !problems.getText().isEmpty(),
                problems.textProperty()));
        dialog.setOnShown(e -> (existing == null ? number : site).requestFocus());
        saveButton = save;
    }

    /**
     * Shows the dialog until the subject is saved or the user cancels. Save runs off the FX thread and
     * closes the dialog only when it succeeds; a failure is shown in the dialog with everything typed kept.
     */
    Optional<Subject> show(Saver saver) {
        ObjectProperty<Subject> saved = new SimpleObjectProperty<>();
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            saver.prepare(subject(), checklist.get()).ifPresent(work -> {
                dialog.getDialogPane().setDisable(true);
                Background.run("save-subject", work, subject -> {
                    saved.set(subject);
                    dialog.setResult(ButtonType.OK);
                }, text, error -> {
                    dialog.getDialogPane().setDisable(false);
                    problems.setText(error);
                });
            });
        });
        dialog.showAndWait();
        return Optional.ofNullable(saved.get());
    }

    private Node content(EligibilityChecklist answers) {
        number.setId("subjectNumber");
        number.setPromptText(text.getString("enrol.number.prompt"));
        number.textProperty().addListener((o, was, is) -> {
            // the site is the subject number's first part (101-001 is at site 101) unless typed otherwise
            if (existing == null && is != null && is.length() >= 3 && (site.getText().isEmpty() || was != null && was.startsWith(site.getText()))) {
                site.setText(is.substring(0, Math.min(3, is.indexOf('-') < 0 ? 3 : is.indexOf('-'))));
            }
        });
        site.setId("site");
        sex.setId("sex");
        sex.getItems().setAll(Sex.values());
        Choices.named(sex, s -> text.getString("Sex." + s.name()));
        age.setId("ageAtConsent");
        age.getStyleClass().add("computed-value");
        GridPane data = new GridPane();
        data.getStyleClass().add("form-grid");
        data.setHgap(10);
        data.setVgap(8);
        addRow(data, 0, "enrol.number", number);
        addRow(data, 1, "enrol.site", site);
        addRow(data, 2, "enrol.sex", sex);
        addRow(data, 3, "enrol.birthDate", birth);
        addRow(data, 4, "enrol.consentDate", consent);
        addRow(data, 5, "enrol.age", age);

        VBox criteria = new VBox(4);
        criteria.getChildren().add(heading("enrol.inclusion"));
        GridPane inclusion = criteriaGrid(answers.inclusion(), "inc", "enrol.met", "enrol.notMet", Answer.YES, answers.inclusionAnswers(),
                (i, a) -> checklist.set(checklist.get().withInclusion(i, a)));
        criteria.getChildren().add(inclusion);
        criteria.getChildren().add(heading("enrol.exclusion"));
        criteria.getChildren().add(criteriaGrid(answers.exclusion(), "exc", "enrol.present", "enrol.absent", Answer.NO, answers.exclusionAnswers(),
                (i, a) -> checklist.set(checklist.get().withExclusion(i, a))));
        ScrollPane scroll = new ScrollPane(criteria);
        scroll.setId("checklist");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("checklist");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        outcome.setId("eligibilityOutcome");
        outcome.setWrapText(true);
        outcome.getStyleClass().add("eligibility-outcome");
        problems.setId("enrolProblems");
        problems.setWrapText(true);
        problems.getStyleClass().add("error-message");
        VBox right = new VBox(8, scroll, outcome);
        HBox.setHgrow(right, Priority.ALWAYS);
        VBox left = new VBox(12, data, problems);
        left.setMinWidth(390);
        left.setMaxWidth(390);
        HBox box = new HBox(16, left, right);
        box.setPadding(new Insets(4));
        return box;
    }

    private Label heading(String key) {
        Label l = new Label(text.getString(key));
        l.getStyleClass().add("checklist-heading");
        return l;
    }

    /** One row a criterion: its number and text, and its two answers. */
    private GridPane criteriaGrid(List<String> criteria, String idPrefix, String yesKey, String noKey, Answer passing, List<Answer> answers,
                                  BiConsumer<Integer, Answer> onAnswer) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("criteria");
        grid.setHgap(8);
        grid.setVgap(2);
        ColumnConstraints textColumn = new ColumnConstraints();
        textColumn.setHgrow(Priority.ALWAYS);
        textColumn.setMinWidth(200);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), textColumn, new ColumnConstraints(), new ColumnConstraints());
        for (int i = 0; i < criteria.size(); i++) {
            int index = i;
            Label n = new Label((i + 1) + ".");
            Label criterion = new Label(criteria.get(i));
            criterion.setWrapText(true);
            criterion.getStyleClass().add("criterion");
            ToggleGroup group = new ToggleGroup();
            RadioButton yes = new RadioButton(text.getString(yesKey));
            yes.setId(idPrefix + (i + 1) + "Yes");
            yes.setToggleGroup(group);
            yes.setUserData(Answer.YES);
            RadioButton no = new RadioButton(text.getString(noKey));
            no.setId(idPrefix + (i + 1) + "No");
            no.setToggleGroup(group);
            no.setUserData(Answer.NO);
            yes.setMinWidth(Region.USE_PREF_SIZE); // the answers are never cut: the criterion's text wraps instead
            no.setMinWidth(Region.USE_PREF_SIZE);
            if (answers.get(i) != null) {
                (answers.get(i) == Answer.YES ? yes : no).setSelected(true);
            }
            group.selectedToggleProperty().addListener((o, was, is) -> onAnswer.accept(index, is == null ? null : (Answer) is.getUserData()));
            // the answer that keeps the subject eligible comes first: Met, or Absent
            grid.addRow(i, n, criterion, passing == Answer.YES ? yes : no, passing == Answer.YES ? no : yes);
        }
        return grid;
    }

    private void addRow(GridPane grid, int row, String key, Node field) {
        Label label = new Label(text.getString(key));
        label.setMnemonicParsing(true);
        label.setMinWidth(Region.USE_PREF_SIZE);
        label.setLabelFor(field instanceof DateField d ? d.entry() : field);
        grid.addRow(row, label, field);
    }

    /** The subject as typed; fields that are not (yet) valid are null. */
    Subject subject() {
        PartialDate consentDate = consent.valueProperty().get().date();
        return new Subject(existing == null ? null : existing.id(), number.getText().strip(), site.getText().strip(), sex.getValue(),
                birth.valueProperty().get().date(), consentDate == null ? null : consentDate.toLocalDate().orElse(null),
                existing == null ? null : existing.firstDoseDate(), existing == null ? null : existing.endOfStudyDate(),
                existing == null ? null : existing.status(), existing == null ? 0 : existing.version());
    }

    /** Every rule, as typed: the problems are listed (each naming its field) and Save waits until there are none. */
    private void check() {
        errors.clear();
        for (DateField d : List.of(birth, consent)) {
            if (!d.valueProperty().get().isValid()) {
                errors.add(d.valueProperty().get().error());
            }
        }
        PartialDate consentDate = consent.valueProperty().get().date();
        if (consentDate != null && !consentDate.isComplete()) {
            errors.add(text.getString("enrol.consent.complete"));
        }
        Subject s = subject();
        for (Violation v : rules.validate(s, today)) {
            errors.add(FieldLabels.of(text, v.field()) + ": " + v.message());
        }
        PartialDate birthDate = s.birthDate();
        if (birthDate != null && s.consentDate() != null) {
            int[] ages = SubjectRules.possibleAges(birthDate, s.consentDate());
            age.setText(ages[0] == ages[1] ? String.valueOf(ages[0]) : ages[0] + " " + text.getString("enrol.or") + " " + ages[1]);
        } else {
            age.setText("\u2014");
        }
        EligibilityChecklist c = checklist.get();
        Optional<EligibilityChecklist.Outcome> decided = c.outcome();
        outcome.getStyleClass().removeAll("eligible", "screen-failure");
        if (decided.isEmpty()) {
            outcome.setText(MessageFormat.format(text.getString("enrol.outcome.incomplete"), c.unanswered()));
            errors.add(MessageFormat.format(text.getString("enrol.outcome.incomplete"), c.unanswered()));
        } else if (decided.get() == EligibilityChecklist.Outcome.ELIGIBLE) {
            outcome.setText(text.getString("enrol.outcome.eligible"));
            outcome.getStyleClass().add("eligible");
        } else {
            outcome.setText(MessageFormat.format(text.getString("enrol.outcome.failure"), String.join("\n", c.failedCriteria())));
            outcome.getStyleClass().add("screen-failure");
        }
        problems.setText(String.join("\n", errors));
    }
}
