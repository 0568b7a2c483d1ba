package org.aecapture.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.TestStore;

/**
 * {@code bench --sync} against an embedded PostgreSQL 14 (started here, nothing installed), for the figures in the
 * notes. Run from the test class path (see docs/central-database.md); arguments: subjects (130), AEs (5000),
 * corrected (1000), new (200).
 */
public final class EmbeddedSyncBench {

    private EmbeddedSyncBench() {
    }

    public static void main(String[] args) throws Exception {
        int subjects = args.length > 0 ? Integer.parseInt(args[0]) : 130;
        int aes = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int corrected = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int added = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path dir = Files.createTempDirectory("aecapture-sync");
        DatabaseLocation central = TestStore.POSTGRESQL.newDatabase(dir, "sync");
        new SyncBenchmark(new PrintWriter(System.out, true), subjects, aes, corrected, added).run(dir, central, TestStore.POSTGRESQL.credentials());
        System.exit(0);
    }
}
