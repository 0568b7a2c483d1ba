package org.aecapture.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.aecapture.location.DatabaseLocation;
import org.aecapture.store.TestStore;

/**
 * {@code bench --concurrent} against an embedded PostgreSQL 14 (started here, nothing installed) and against
 * SQLite (WAL), for the figures in the README and the notes. Run from the test class path (see README):
 * arguments: clients (30), seconds (60), and "server" to run on the embedded PostgreSQL alone.
 */
public final class EmbeddedPostgresBench {

    private EmbeddedPostgresBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        PrintWriter out = new PrintWriter(System.out, true);
        ConcurrentBenchmark bench = new ConcurrentBenchmark(out, clients, Duration.ofSeconds(seconds));
        Path dir = Files.createTempDirectory("aecapture-concurrent");
        if (args.length < 3 || !args[2].equals("server")) {
            bench.runOnSqlite(dir);
        }
        DatabaseLocation server = TestStore.POSTGRESQL.newDatabase(dir, "bench");
        bench.run(server, TestStore.POSTGRESQL.credentials(), "embedded PostgreSQL 14 (a save at READ COMMITTED with its subject's row lock, the rest serializable)");
        System.exit(0);
    }
}
