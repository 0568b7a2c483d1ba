package org.aecapture.store;

import org.aecapture.location.DatabaseLocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aecapture.domain.AdverseEvent;
import org.aecapture.service.AeCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several clients on one database, each with its own connection (as several people's windows are): writers
 * wait for each other instead of failing, and of two edits of the same AE one is saved and the other is
 * refused as stale, with the message a user acts on.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class ConcurrentClientsTest {

    @Parameter
    TestStore store;
    @TempDir
    Path dir;
    DatabaseLocation db;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach
    void setUp() {
        db = store.newDatabase(dir, "concurrent");
        try (AeCapture app = store.openOrInit(db, () -> "alice")) {
            app.subjects().enrol(StoreTestSupport.subject("101-001"));
            app.adverseEvents().record(StoreTestSupport.headache("101-001"));
        }
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private static AdverseEvent withVerbatim(AdverseEvent ae, String verbatim) {
        return AdverseEvent.of(ae.subjectNumber()).id(ae.id()).verbatimTerm(verbatim).meddraCode(ae.meddraCode())
                .grade(ae.grade()).onsetDate(ae.onsetDate()).endDate(ae.endDate()).seriousCriteria(ae.seriousCriteria())
                .relationship(ae.relationship()).actionTaken(ae.actionTaken()).outcome(ae.outcome())
                .reportedAtVisit(ae.reportedAtVisit()).version(ae.version()).build();
    }

    @Test
    void twoClientsEditingTheSameAeGetOneSaveAndOneStaleEditRefusal() throws Exception {
        try (AeCapture alice = store.open(db, () -> "alice"); AeCapture bob = store.open(db, () -> "bob")) {
            AdverseEvent seenByAlice = alice.adverseEvents().forSubject("101-001", false).get(0);
            AdverseEvent seenByBob = bob.adverseEvents().forSubject("101-001", false).get(0);
            CyclicBarrier together = new CyclicBarrier(2);
            Future<String> a = pool.submit(() -> save(alice, withVerbatim(seenByAlice, "migraine"), together));
            Future<String> b = pool.submit(() -> save(bob, withVerbatim(seenByBob, "tension headache"), together));
            List<String> outcomes = new ArrayList<>(List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS)));
            assertEquals(1, outcomes.stream().filter("saved"::equals).count(), outcomes.toString());
            String refusal = outcomes.stream().filter(o -> !o.equals("saved")).findFirst().orElseThrow();
            assertTrue(refusal.startsWith("Not saved: adverse event") && refusal.contains("after you opened it"), refusal);

            AdverseEvent stored = alice.adverseEvents().byId(seenByAlice.id()).orElseThrow();
            assertEquals(2, stored.version(), "saved once");
            assertTrue(List.of("migraine", "tension headache").contains(stored.verbatimTerm()));
            long updates = StoreTestSupport.count(db, "SELECT count(*) FROM audit_trail WHERE action = 'UPDATE' AND field = 'verbatim_term'");
            assertEquals(1, updates, "one correction audited, none lost or doubled");
        }
    }

    private static String save(AeCapture app, AdverseEvent edited, CyclicBarrier together) throws Exception {
        together.await(30, TimeUnit.SECONDS);
        try {
            app.adverseEvents().correct(edited, "source document review");
            return "saved";
        } catch (StaleRecordException e) {
            return e.getMessage();
        }
    }

    /** Eight clients adding AEs at once: every one is stored once, none fails for a busy database. */
    @Test
    void writersWaitForEachOtherInsteadOfFailing() throws Exception {
        int clients = 4;
        int each = 15;
        List<AeCapture> apps = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                String user = "client" + i;
                apps.add(store.open(db, () -> user));
            }
            CyclicBarrier together = new CyclicBarrier(clients);
            List<Future<Integer>> done = new ArrayList<>();
            for (AeCapture app : apps) {
                done.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    for (int n = 0; n < each; n++) {
                        app.adverseEvents().record(StoreTestSupport.headache("101-001"));
                    }
                    return each;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(each, f.get(120, TimeUnit.SECONDS));
            }
            assertEquals(1 + clients * each, StoreTestSupport.count(db, "SELECT count(*) FROM adverse_event"));
            assertEquals(1 + clients * each, StoreTestSupport.count(db,
                    "SELECT count(DISTINCT record_id) FROM audit_trail WHERE entity = 'adverse_event' AND action = 'INSERT'"));
        } finally {
            apps.forEach(AeCapture::close);
        }
    }

    /** A long read (the review list, the summary) holds no write lock: another user's save goes through meanwhile. */
    @Test
    void aSaveGoesThroughWhileAnotherClientIsInTheMiddleOfALongRead() throws Exception {
        try (AeCapture reader = store.open(db, () -> "reviewer"); AeCapture writer = store.open(db, () -> "alice")) {
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch saved = new java.util.concurrent.CountDownLatch(1);
            Future<Long> read = pool.submit(() -> reader.database().read(tx -> {
                long before;
                try (var st = tx.connection().createStatement(); var rs = st.executeQuery("SELECT count(*) FROM adverse_event")) {
                    rs.next();
                    before = rs.getLong(1);
                }
                reading.countDown();
                try {
                    assertTrue(saved.await(60, TimeUnit.SECONDS), "the save went through while this read was open");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return before;
            }));
            assertTrue(reading.await(30, TimeUnit.SECONDS));
            Future<AdverseEvent> save = pool.submit(() -> writer.adverseEvents().record(StoreTestSupport.headache("101-001")));
            assertTrue(save.get(20, TimeUnit.SECONDS).id() != null, "not kept waiting by the reader");
            saved.countDown();
            assertEquals(1, read.get(30, TimeUnit.SECONDS), "the reader kept its snapshot");
            assertEquals(2, StoreTestSupport.count(db, "SELECT count(*) FROM adverse_event"));
        }
    }
}
