package org.aecapture.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes a file whole or not at all: to a temporary file beside the target, then moved into place. */
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
        writeAll(Map.of(out, content));
    }

    /**
     * Writes a set of files together: each to a temporary file beside its target, and only when every one is complete
     * are they moved into place. On a failure while writing, every target is left as it was and no temporary file remains.
     */
    public static void writeAll(Map<Path, Content> files) throws IOException {
        List<Path[]> written = new ArrayList<>();
        try {
            for (Map.Entry<Path, Content> f : files.entrySet()) {
                Path target = f.getKey().toAbsolutePath();
                Files.createDirectories(target.getParent());
                // beside the target, so that the final move is a rename on the same file system
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
                written.add(new Path[] {tmp, target});
                try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                    f.getValue().writeTo(os);
                }
            }
            for (Path[] w : written) {
                try {
                    Files.move(w[0], w[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(w[0], w[1], StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            for (Path[] w : written) {
                Files.deleteIfExists(w[0]);
            }
        }
    }
}
