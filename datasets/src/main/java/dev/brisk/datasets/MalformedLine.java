package dev.brisk.datasets;

/**
 * One data line that could not be turned into a row, and why.
 *
 * @param line   the line number in the file, counted from 1 (the header is line 1)
 * @param reason what is wrong, e.g. {@code "8 fields, but the header has 9"} or
 *               {@code "Quantity: \"six\" is not an integer"}
 */
public record MalformedLine(long line, String reason) {

    /** As reports print it: {@code line 17: Quantity: "six" is not an integer}. */
    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
