package org.aecapture.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * Backups of an SQLite study database that can be trusted: taken while the database is in use (SQLite's
 * {@code VACUUM INTO}, one consistent snapshot of what is committed), checked in full with {@code integrity_check},
 * and written whole or not at all. A restore replaces the database only with a backup that passes the same check,
 * keeping the replaced file aside. The window keeps the last {@value #KEPT} daily backups in a {@code backups}
 * folder beside the database.
 */
public final class Backups {

    /** How many automatic backups are kept. */
    public static final int KEPT = 7;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private Backups() {
    }

    /** The folder of a database's automatic backups. */
    public static Path folder(Path database) {
        return database.toAbsolutePath().getParent().resolve("backups");
    }

    /**
     * Copies the database, in use or not, to {@code out}: a consistent snapshot of what is committed, checked with
     * {@code integrity_check} before it appears under its name.
     *
     * @throws StoreException when the copy fails its check (the database itself is then damaged) or cannot be written;
     *     {@code out} is then as it was
     */
    public static Path backup(Path database, Path out) {
        Path target = out.toAbsolutePath();
        if (target.equals(database.toAbsolutePath())) {
            throw new StoreException("A backup cannot be written over the database itself (" + database + ").");
        }
        Database.checkHeader(database);
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            PrivateFiles.createFolder(target);
            PrivateFiles.createPrivateFile(tmp); // empty: VACUUM INTO fills it, and it keeps the owner-only permissions
            try (Connection c = connection(database);
                 PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, tmp.toString());
                ps.execute();
            } catch (SQLException e) {
                throw new StoreException("The database " + database + " could not be copied: " + e.getMessage(), e);
            }
            org.aecapture.location.IntegrityReport report = Database.checkIntegrity(tmp);
            if (!report.ok()) {
                throw new StoreException("The backup of " + database + " failed its integrity check (" + report.problemsText()
                        + "): the database itself is damaged. No backup was written.");
            }
            move(tmp, target);
            return target;
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Replaces the database with a backup, after checking the backup in full and that it is an AE Capture study
     * database. The replaced file (and its write-ahead log) is kept aside as {@code NAME.replaced-STAMP}.
     *
     * @return where the replaced database was kept, if there was one
     * @throws StoreException when the backup is damaged or not a study database, or the database is in use; nothing
     *     is changed then
     */
    public static Optional<Path> restore(Path backup, Path database, Clock clock) {
        if (!Files.isRegularFile(backup)) {
            throw new StoreException("There is no backup at " + backup + ".");
        }
        org.aecapture.location.IntegrityReport report = Database.checkIntegrity(backup);
        if (!report.ok()) {
            throw new StoreException("The backup " + backup + " failed its integrity check (" + report.problemsText()
                    + "). Nothing was restored.");
        }
        requireStudyDatabase(backup);
        Path target = database.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            PrivateFiles.createFolder(target);
            Files.copy(backup, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (!Database.checkIntegrity(tmp).ok()) {
                throw new StoreException("The copy of " + backup + " did not read back intact. Nothing was restored.");
            }
            Optional<Path> aside = Optional.empty();
            if (Files.exists(target)) {
                requireNotInUse(target);
                String suffix = ".replaced-" + STAMP.format(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
                Path kept = target.resolveSibling(target.getFileName() + suffix);
                for (String part : List.of("-wal", "-shm")) {
                    Path p = target.resolveSibling(target.getFileName() + part);
                    if (Files.exists(p)) {
                        Files.move(p, target.resolveSibling(target.getFileName() + suffix + part));
                    }
                }
                Files.move(target, kept);
                aside = Optional.of(kept);
            }
            move(tmp, target);
            return aside;
        } catch (IOException e) {
            throw new StoreException("The backup " + backup + " could not be restored to " + database + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * The window's backup when it closes: at most one a day, named with its time, the newest {@value #KEPT} kept.
     *
     * @return the backup written, or empty when today's exists already
     */
    public static Optional<Path> daily(Path database, Clock clock) {
        Optional<Path> last = latest(database);
        Instant now = clock.instant();
        if (last.isPresent() && lastModified(last.get()).isAfter(now.minus(java.time.Duration.ofHours(24)))) {
            return Optional.empty();
        }
        return Optional.of(now(database, clock)); // now() keeps the newest seven
    }

    /** A backup now, into the backups folder ("Back up now"); older automatic backups beyond {@value #KEPT} go. */
    public static Path now(Path database, Clock clock) {
        String stamp = STAMP.format(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
        Path written = backup(database, folder(database).resolve(baseName(database) + "-" + stamp + ".db"));
        prune(database);
        return written;
    }

    /** The newest backup in the database's backups folder, if any. */
    public static Optional<Path> latest(Path database) {
        return list(database).stream().max(Comparator.comparing(Backups::lastModified).thenComparing(Path::toString));
    }

    /** The database's backups in its backups folder, by name. */
    public static List<Path> list(Path database) {
        Path folder = folder(database);
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        Pattern name = Pattern.compile(Pattern.quote(baseName(database)) + "-\\d{8}-\\d{6}\\.db");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path p : files) {
                if (name.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    public static Instant lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void prune(Path database) {
        List<Path> all = list(database);
        all.sort(Comparator.comparing(Backups::lastModified).thenComparing(Path::toString));
        for (int i = 0; i < all.size() - KEPT; i++) {
            deleteQuietly(all.get(i));
        }
    }

    private static String baseName(Path database) {
        String n = database.getFileName().toString();
        return n.endsWith(".db") ? n.substring(0, n.length() - 3) : n;
    }

    private static Connection connection(Path database) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config.createConnection("jdbc:sqlite:" + database.toAbsolutePath());
    }

    /** A study database has the migrations' history and a study. */
    private static void requireStudyDatabase(Path file) {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection c = readOnly.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM study")) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new StoreException("The file " + file + " holds no study: it is not an AE Capture backup. Nothing was restored.");
            }
        } catch (SQLException e) {
            throw new StoreException("The file " + file + " is not an AE Capture backup (" + e.getMessage() + "). Nothing was restored.", e);
        }
    }

    /** Refuses while anyone has the database open for writing: an exclusive lock would not be granted. */
    private static void requireNotInUse(Path database) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(1_000);
        try (Connection c = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new StoreException("The database " + database + " is in use: close every window and command using it, then"
                    + " restore again. Nothing was restored.", e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StoreException("Cannot write " + to + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary file is harmless; the next run writes another name
        }
    }
}
