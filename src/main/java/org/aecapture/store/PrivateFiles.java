package org.aecapture.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A study database file is private to its user: the folder 700, the file and its {@code -wal} and
 * {@code -shm} companions 600, where the file system has POSIX permissions. Anyone who can read the file
 * reads every record, so a file that others can read is worth a warning.
 */
public final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {
    }

    /** Creates the database's folder (and its parents) private to the user, when it does not exist yet. */
    static void createFolder(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent, privately(parent.getRoot(), FOLDER));
        } catch (IOException e) {
            throw new StoreException("Cannot create the folder for the database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates an empty database file private to the user before SQLite first opens it (SQLite takes an
     * empty file for a new database, and gives its {@code -wal} and {@code -shm} files the database file's
     * permissions).
     */
    static void createPrivateFile(Path file) {
        try {
            Files.createFile(file, privately(file.toAbsolutePath().getParent(), FILE));
        } catch (IOException e) {
            throw new StoreException("Cannot create the database " + file + ": " + e.getMessage(), e);
        }
    }

    /** A warning for the user when others can read an existing database file or its companions; else null. */
    static String warningIfShared(Path file) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path p = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(p) && readableByOthers(p)) {
                String warning = "The database " + file + " can be read or written by other users of this computer: anyone who"
                        + " can read it reads every record. Make it private (chmod 600 " + p.getFileName() + ") or keep it in a"
                        + " private folder.";
                LOG.warn(warning);
                return warning;
            }
        }
        return null;
    }

    /** Whether others than the owner can read the file. */
    private static boolean readableByOthers(Path file) {
        try {
            return posix(file) && Files.getPosixFilePermissions(file).stream().anyMatch(OTHERS::contains);
        } catch (IOException e) {
            return false;
        }
    }

    /** The permissions to create with where the file system has POSIX permissions, else none. */
    private static java.nio.file.attribute.FileAttribute<?>[] privately(Path where, Set<PosixFilePermission> permissions) {
        return posix(where) ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new java.nio.file.attribute.FileAttribute<?>[0];
    }

    private static boolean posix(Path p) {
        return p != null && Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
    }
}
