package dev.brisk.datasets;

import java.io.IOException;

/**
 * An IDX file that is not what its header promises: a bad magic number, impossible dimensions,
 * missing or extra data, or a corrupt gzip stream. The message names the file, the byte offset
 * (in the decompressed stream when the file is gzipped) and what was expected against what was found:
 *
 * <pre>
 * /data/train-images-idx3-ubyte.gz: truncated at byte 1016 of the decompressed data: the header
 * declares dims [60000, 28, 28] of unsigned byte, so 47040000 data bytes from byte 16 (47040016 in all),
 * but only 1000 data bytes follow (1016 in all), 47039000 missing
 * </pre>
 */
public final class IdxFormatException extends IOException {

    private final String file;
    private final long offset;

    IdxFormatException(String file, long offset, String message) {
        super(file + ": " + message);
        this.file = file;
        this.offset = offset;
    }

    IdxFormatException(String file, long offset, String message, Throwable cause) {
        this(file, offset, message);
        initCause(cause);
    }

    /** The file (or stream name) being read. */
    public String file() {
        return file;
    }

    /** The byte offset of the problem, counted in the decompressed stream for gzipped files. */
    public long offset() {
        return offset;
    }
}
