package org.aecapture.service;

import java.sql.SQLException;
import java.time.LocalDate;
import org.aecapture.domain.AuditEntry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import org.aecapture.ctcae.ClinicalText;
import org.aecapture.ctcae.CodingHistory;
import org.aecapture.ctcae.CtcaeTerm;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.domain.Subject;
import org.aecapture.domain.TreatmentEmergence;
import org.aecapture.store.AdverseEventRepository;
import org.aecapture.store.AuditTrail;
import org.aecapture.store.Tx;

/** Recording, correcting and deleting adverse events: validated by the domain rules, audited by the store. */
public final class AdverseEventService {

    private final AeCapture app;

    AdverseEventService(AeCapture app) {
        this.app = app;
    }

    /** Records a new AE; the CTCAE term and SOC are taken from the catalog by MedDRA code. */
    public AdverseEvent record(AdverseEvent draft) {
        return record(draft, null);
    }

    /** Saves a correction of a stored AE; {@code edited} carries the version the user started from. */
    public AdverseEvent correct(AdverseEvent edited, String reason) {
        return correct(edited, null, reason);
    }

    /**
     * Records a new AE (a serious one with its SAE details, null: none), all or nothing; the study's edit checks then run
     * over its subject in the same transaction.
     */
    public AdverseEvent record(AdverseEvent draft, org.aecapture.sae.SaeDetails sae) {
        return app.database().inSubjectTransaction(tx -> {
            Validated v = validated(tx, draft);
            AdverseEvent saved = app.adverseEventRepository().insert(tx, v.ae(), null);
            if (saved.serious() && sae != null) {
                app.sae().save(tx, saved, sae, null);
            }
            app.queries().afterAeSave(tx, saved, v.subject(), null);
            return saved;
        });
    }

    /** Corrects an AE and its SAE details (null: none) together, with one reason, all or nothing. */
    public AdverseEvent correct(AdverseEvent edited, org.aecapture.sae.SaeDetails sae, String reason) {
        return app.database().inSubjectTransaction(tx -> correct(tx, edited, sae, reason));
    }

    /** A correction inside a caller's transaction (a query's answer that corrects the AE). */
    AdverseEvent correct(Tx tx, AdverseEvent edited, org.aecapture.sae.SaeDetails sae, String reason) throws SQLException {
        Validated v = validated(tx, edited);
        String[] previousCode = new String[1]; // the term it had: its duplicates' queries may close
        AdverseEvent saved = app.adverseEventRepository().update(tx, v.ae(), reason, stored -> previousCode[0] = stored.meddraCode());
        if (saved.serious() && sae != null) {
            app.sae().save(tx, saved, sae, reason);
        }
        app.queries().afterAeSave(tx, saved, v.subject(), previousCode[0]);
        return saved;
    }

    public AdverseEvent delete(AdverseEvent ae, String reason) {
        return app.database().inSubjectTransaction(tx -> {
            Subject subject = requireChangeAllowed(tx, ae.subjectNumber());
            AdverseEvent deleted = app.adverseEventRepository().softDelete(tx, ae, reason);
            app.queries().afterAeSave(tx, deleted, subject, ae.meddraCode());
            return deleted;
        });
    }

    /**
     * A change of a subject's AEs: by its site's investigators and coordinators, never in a locked database. Returns the
     * subject as stored (null when there is none), read once for the whole save.
     */
    private Subject requireChangeAllowed(Tx tx, String subjectNumber) throws java.sql.SQLException {
        app.subjectRepository().lockForChange(tx, subjectNumber); // first: what follows reads the subject as it stands after the wait
        Optional<Subject> subject = app.subjectRepository().findByNumber(tx, subjectNumber);
        if (subject.isPresent()) {
            app.access().requireClinicalChange(tx, subject.get().site());
        } else {
            app.access().requireUnlocked(tx); // the rules then refuse the unknown subject by name
        }
        return subject.orElse(null);
    }

    /** A subject's AEs; none when the signed-in account may not read the subject's site. */
    public List<AdverseEvent> forSubject(String subjectNumber, boolean includeDeleted) {
        return app.database().read(tx -> readable(tx, subjectNumber)
                ? app.adverseEventRepository().findBySubject(tx, subjectNumber, includeDeleted) : List.of());
    }

    /** The AEs of the sites the signed-in account may read. */
    public List<AdverseEvent> all(boolean includeDeleted) {
        return app.database().read(tx -> {
            Set<String> readable = app.access().readableSubjects(tx).stream().map(Subject::subjectNumber).collect(Collectors.toSet());
            return app.adverseEventRepository().findAll(tx, includeDeleted).stream().filter(ae -> readable.contains(ae.subjectNumber())).toList();
        });
    }

    public Optional<AdverseEvent> byId(long id) {
        return app.database().inTransaction(tx -> {
            Optional<AdverseEvent> ae = app.adverseEventRepository().findById(tx, id);
            return ae.isPresent() && readable(tx, ae.get().subjectNumber()) ? ae : Optional.empty();
        });
    }

    /** Whether the signed-in account reads this subject's AEs: one subject looked up, not the whole list. */
    private boolean readable(Tx tx, String subjectNumber) throws SQLException {
        Predicate<String> sites = app.access().readableSites(tx);
        return app.subjectRepository().findByNumber(tx, subjectNumber).map(Subject::site).filter(sites).isPresent();
    }

    /**
     * How this study has coded its verbatims so far, in the sites the signed-in account reads: for each verbatim
     * (as {@link ClinicalText#key} reads it) the CTCAE terms it was coded to and how often. A snapshot.
     */
    public CodingHistory codingHistory() {
        Map<String, Map<String, Integer>> byVerbatim = new HashMap<>();
        app.database().read(tx -> {
            Predicate<String> sites = app.access().readableSites(tx);
            for (AdverseEventRepository.Coding c : app.adverseEventRepository().codings(tx)) {
                if (sites.test(c.site())) {
                    byVerbatim.computeIfAbsent(ClinicalText.key(c.verbatim()), k -> new HashMap<>()).merge(c.meddraCode(), 1, Integer::sum);
                }
            }
            return null;
        });
        return key -> byVerbatim.getOrDefault(key, Map.of());
    }

    public List<AuditEntry> history(long id) {
        return app.database().inTransaction(tx -> AuditTrail.history(tx, AdverseEventRepository.ENTITY, id));
    }

    public boolean isTreatmentEmergent(AdverseEvent ae, Subject subject) {
        return subject.aeWindowEnd(app.study().aeWindow().nominalEndOfStudyDay())
                .map(end -> TreatmentEmergence.isTreatmentEmergent(ae.onsetDate(), ae.endDate(), subject.firstDoseDate(), end))
                .orElse(false);
    }

    /** An AE ready to store, with its subject as read for the checks (null: none, which the rules have refused). */
    private record Validated(AdverseEvent ae, Subject subject) { }

    private Validated validated(Tx tx, AdverseEvent ae) throws java.sql.SQLException {
        Subject subject = requireChangeAllowed(tx, ae.subjectNumber());
        AdverseEvent coded = withCatalogTerm(ae);
        // "today" at the subject's site, as the form reads it: an onset of today in Tokyo is not refused because it is still
        // yesterday where the server runs
        LocalDate today = subject == null ? app.today() : LocalDate.now(app.clock().withZone(app.study().zoneOf(subject.site())));
        app.adverseEventRules().requireValid(coded, subject, today);
        return new Validated(coded, subject);
    }

    /** The term name and SOC always come from the bundled catalog, never from the caller. */
    AdverseEvent withCatalogTerm(AdverseEvent ae) {
        Optional<CtcaeTerm> term = app.catalog().byMeddraCode(ae.meddraCode());
        if (term.isEmpty()) {
            return ae;
        }
        CtcaeTerm t = term.get();
        return ae.toBuilder().verbatimTerm(ae.verbatimTerm() == null ? null : ae.verbatimTerm().strip())
                .term(t.meddraCode(), t.term(), t.soc()).build();
    }
}
