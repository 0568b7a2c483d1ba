package org.aecapture.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a file whole or not at all: to a temporary file beside the target, flushed to the disk, then moved into place.
 * An unblinded output (arms in it) is made readable by its owner only, from its first byte.
 */
public final class AtomicFile {

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** On any failure {@code out} is left as it was and no temporary file remains. */
    public static void write(Path out, Content content) throws IOException {
        writeAll(Map.of(out, content), false);
    }

    /** As {@link #write(Path, Content)}; {@code ownerOnly}: readable and writable by its owner alone (0600), as unblinded output is. */
    public static void write(Path out, Content content, boolean ownerOnly) throws IOException {
        writeAll(Map.of(out, content), ownerOnly);
    }

    public static void writeAll(Map<Path, Content> files) throws IOException {
        writeAll(files, false);
    }

    /**
     * Writes a set of files together: each to a temporary file beside its target, and only when every one is complete
     * are they moved into place. On a failure while writing, every target is left as it was and no temporary file remains.
     */
    public static void writeAll(Map<Path, Content> files, boolean ownerOnly) throws IOException {
        List<Path[]> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, Content> f : files.entrySet()) {
                Path target = f.getKey().toAbsolutePath();
                Files.createDirectories(target.getParent());
                // beside the target, so that the final move is a rename on the same file system
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
                written.add(new Path[] {tmp, target});
                try (FileChannel channel = create(tmp, ownerOnly); OutputStream os = Channels.newOutputStream(channel)) {
                    f.getValue().writeTo(os);
                    os.flush();
                    channel.force(true); // on the disk before it takes the target's name: a power cut leaves the old file or the new one
                }
            }
            for (Path[] w : written) {
                try {
                    Files.move(w[0], w[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(w[0], w[1], StandardCopyOption.REPLACE_EXISTING);
                }
            }
            written.stream().map(w -> w[1].getParent()).distinct().forEach(AtomicFile::forceDirectory);
        } finally {
            for (Path[] w : written) {
                Files.deleteIfExists(w[0]);
            }
        }
    }

    private static FileChannel create(Path tmp, boolean ownerOnly) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (ownerOnly && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(tmp, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return FileChannel.open(tmp, options);
    }

    /** The renames themselves on the disk (where the system lets a folder be synced; Windows does not). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not supported here: the rename is as durable as the file system makes it
        }
    }
}
