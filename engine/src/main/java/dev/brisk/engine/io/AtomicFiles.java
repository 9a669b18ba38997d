package dev.brisk.engine.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either its old contents or the whole new ones, never a part:
 * the bytes go to a temporary file beside it, are forced to disk, and the temporary file is then
 * renamed over the target (an atomic rename where the file system has one). If writing fails, the
 * temporary file is deleted and the target is left as it was.
 *
 * <pre>{@code
 * AtomicFiles.write(path, channel -> channel.write(ByteBuffer.wrap(bytes)));
 * }</pre>
 */
public final class AtomicFiles {

    /** Writes the new contents into the channel of the temporary file. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces {@code file} with what {@code body} writes, atomically (see the class comment). The
     * new file gets the permissions an ordinary new file gets (the umask's), not a temporary file's
     * owner-only ones.
     *
     * @throws IOException from the body or the file system; the target is then unchanged
     */
    public static void write(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = createTempFile(dir, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.write(ch);
                ch.force(true); // the data must be on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    // The original failure is the one worth reporting; a stray temp file is named .*.tmp.
                }
            }
        }
        syncDirectory(dir);
    }

    private static Path createTempFile(Path dir, String name) throws IOException {
        // Not Files.createTempFile: that makes the file owner-only (0600), and the rename would carry
        // those permissions over to the result. A plain create gets the usual umask permissions.
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 9) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename is still atomic, only its durability is the OS's.
        }
    }
}
