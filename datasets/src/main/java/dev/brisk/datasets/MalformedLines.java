package dev.brisk.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the data lines a reader could not use, and keeps the first few with their line numbers and
 * reasons. Readers in this package never skip a line silently and never give up on a whole file
 * because of one bad line: each bad line goes here, and the count and examples end up in the
 * {@link ReadReport} returned with the data, for the caller to inspect, print or reject.
 *
 * <p>Only the first {@link #limit()} lines are kept, so that a file that is wrong throughout (read
 * with the wrong separator, say) costs a counter, not a second copy of the file in memory.
 */
final class MalformedLines {

    /** How many examples are kept unless told otherwise. */
    public static final int DEFAULT_LIMIT = 10;

    private final int limit;
    private final List<MalformedLine> first = new ArrayList<>();
    private long count;

    /** Keeps the first {@value #DEFAULT_LIMIT} examples. */
    public MalformedLines() {
        this(DEFAULT_LIMIT);
    }

    /**
     * Keeps the first {@code limit} examples.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public MalformedLines(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("malformed lines: the number of examples to keep cannot be negative: " + limit);
        }
        this.limit = limit;
    }

    /** Records that line {@code line} (counted from 1) was not used, and why. */
    public void add(long line, String reason) {
        count++;
        if (first.size() < limit) {
            first.add(new MalformedLine(line, reason));
        }
    }

    /** How many lines were recorded. */
    public long count() {
        return count;
    }

    /** The first lines recorded, at most {@link #limit()}, in the order they were added. */
    public List<MalformedLine> first() {
        return List.copyOf(first);
    }

    /** How many examples are kept. */
    public int limit() {
        return limit;
    }
}
