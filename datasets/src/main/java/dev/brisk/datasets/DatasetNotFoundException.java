package dev.brisk.datasets;

import java.io.IOException;
import java.util.List;

/**
 * A dataset's files are in none of the places searched, and could not be (or were not allowed to be)
 * downloaded. The message lists every place searched, in order, with what was wrong with each, and
 * says how to get the files; {@link #searched()} gives the same list to code.
 */
public final class DatasetNotFoundException extends IOException {

    private final List<String> searched;

    DatasetNotFoundException(String message, List<String> searched, Throwable cause) {
        super(message, cause);
        this.searched = List.copyOf(searched);
    }

    /** Each place searched, in order, with its outcome, e.g. {@code "/usr/share/datasets/fashion-mnist: does not exist"}. */
    public List<String> searched() {
        return searched;
    }
}
