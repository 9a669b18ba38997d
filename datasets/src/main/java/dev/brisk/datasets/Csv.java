package dev.brisk.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of CSV text into its fields, following RFC 4180: fields are separated by a
 * separator character (a comma unless told otherwise); a field may be enclosed in double quotes, and
 * then may contain separators, and quotes written twice ({@code ""} stands for one {@code "}).
 *
 * <pre>{@code
 * Csv.COMMA.split("536381,82567,\"AIRLINE LOUNGE,METAL SIGN\",2")   // [536381, 82567, AIRLINE LOUNGE,METAL SIGN, 2]
 * Csv.COMMA.split("\"RECORD FRAME 7\"\" SINGLE SIZE \",48")         // [RECORD FRAME 7" SINGLE SIZE , 48]
 * Csv.separatedBy(';').split("58;\"management\";\"married\"")     // [58, management, married]
 * }</pre>
 *
 * <h2>What is accepted, exactly</h2>
 * <ul>
 *   <li>Fields are kept exactly as written, spaces included: {@code "a , b"} splits into {@code "a "}
 *       and {@code " b"}, and a quoted field keeps the spaces inside its quotes. Nothing is trimmed,
 *       since a space may be data (this dataset has descriptions ending in a space).</li>
 *   <li>A line with {@code k} separators outside quotes has {@code k + 1} fields, so an empty line is
 *       one empty field and {@code "a,"} is {@code "a"} and {@code ""}. An empty field and a quoted empty
 *       field ({@code ""}) both give the empty string.</li>
 *   <li>The text is one line: the caller has already removed the line terminator. A quoted field that
 *       spans lines is therefore reported as unterminated; {@link CsvReader} reports such a line as
 *       malformed, with its number, instead of joining it with the next ones. Tabular data sets rarely
 *       hold line breaks inside fields, and reading them line by line means that one stray quote costs
 *       one line, where a reader that joins lines would swallow the rest of the file into one field.</li>
 * </ul>
 * Everything else is an error, a {@link ParseException} saying what and at which character (counted
 * from 1): a quote inside an unquoted field ({@code ab"c}), anything but a separator right after a
 * closing quote ({@code "ab"c}), and a quoted field with no closing quote. Lenient readers guess what
 * such text meant; a guess that is wrong shifts every later field of the line, so we refuse instead.
 *
 * <p>An instance holds no state and may be shared between threads.
 */
public final class Csv {

    /** Comma-separated, the RFC 4180 default. */
    public static final Csv COMMA = new Csv(',');

    private static final char QUOTE = '"';

    private final char separator;

    private Csv(char separator) {
        this.separator = separator;
    }

    /**
     * A parser for fields separated by {@code separator}, e.g. {@code ';'} for the files that spreadsheet
     * programs write in locales where the comma is the decimal mark.
     *
     * @throws IllegalArgumentException for the quote character or a line break, which cannot separate fields
     */
    public static Csv separatedBy(char separator) {
        if (separator == QUOTE || separator == '\n' || separator == '\r') {
            throw new IllegalArgumentException("csv: the separator cannot be " + describe(separator));
        }
        return separator == ',' ? COMMA : new Csv(separator);
    }

    /** The character between fields. */
    public char separator() {
        return separator;
    }

    /**
     * A line that is not valid CSV. {@link #position()} is the character, counted from 1, where reading
     * stopped; {@link #field()} the field being read, counted from 1.
     */
    public static final class ParseException extends IllegalArgumentException {
        private final String detail;
        private final int position;
        private final int field;

        ParseException(String detail, int position, int field) {
            super("csv: " + detail);
            this.detail = detail;
            this.position = position;
            this.field = field;
        }

        /** The message without its {@code "csv: "} prefix, for reports that say where the line came from. */
        public String detail() {
            return detail;
        }

        /** The character of the line, counted from 1, where the error was found. */
        public int position() {
            return position;
        }

        /** The field, counted from 1, in which the error was found. */
        public int field() {
            return field;
        }
    }

    /**
     * The fields of {@code line}, in order.
     *
     * @throws ParseException if the line is not valid CSV (see the class comment)
     */
    public List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        split(line, fields);
        return fields;
    }

    /**
     * Like {@link #split(String)}, but clears {@code fields} and adds the fields to it, so that a reader
     * going through millions of lines can reuse one list. On error the list holds the fields read so far.
     *
     * @return the number of fields
     * @throws ParseException if the line is not valid CSV
     */
    public int split(String line, List<String> fields) {
        fields.clear();
        int n = line.length();
        int i = 0;
        while (true) {
            int fieldNumber = fields.size() + 1;
            if (i < n && line.charAt(i) == QUOTE) {
                i = quoted(line, i, fieldNumber, fields);
            } else {
                // An unquoted field runs to the next separator; most fields are like this, and
                // substring shares nothing with the line, so the line can be collected.
                int end = i;
                while (end < n) {
                    char c = line.charAt(end);
                    if (c == separator) {
                        break;
                    }
                    if (c == QUOTE) {
                        throw new ParseException("a quote inside unquoted field " + fieldNumber + " at character "
                                + (end + 1) + " (a field containing quotes must be enclosed in quotes, "
                                + "with each quote doubled)", end + 1, fieldNumber);
                    }
                    end++;
                }
                fields.add(line.substring(i, end));
                i = end;
            }
            // i is now at a separator or at the end of the line.
            if (i >= n) {
                return fields.size();
            }
            i++;
        }
    }

    /**
     * Reads the quoted field whose opening quote is at {@code start}, adds it to {@code fields}, and
     * returns the index just past its closing quote (a separator or the end of the line).
     */
    private int quoted(String line, int start, int fieldNumber, List<String> fields) {
        int n = line.length();
        int from = start + 1;
        StringBuilder unescaped = null; // only fields with doubled quotes need a copy
        while (true) {
            int q = line.indexOf(QUOTE, from);
            if (q < 0) {
                throw new ParseException("quoted field " + fieldNumber + " opened at character " + (start + 1)
                        + " is not closed by the end of the line (a quoted field cannot span lines here)",
                        n + 1, fieldNumber);
            }
            if (q + 1 < n && line.charAt(q + 1) == QUOTE) {
                if (unescaped == null) {
                    unescaped = new StringBuilder(q - start + 16);
                }
                unescaped.append(line, from, q + 1); // keeps one of the two quotes
                from = q + 2;
                continue;
            }
            // q is the closing quote: only a separator or the end of the line may follow it.
            if (q + 1 < n && line.charAt(q + 1) != separator) {
                throw new ParseException(describe(line.charAt(q + 1)) + " after the closing quote of field "
                        + fieldNumber + " at character " + (q + 2) + " (expected " + describe(separator)
                        + " or the end of the line)", q + 2, fieldNumber);
            }
            if (unescaped == null) {
                fields.add(line.substring(start + 1, q));
            } else {
                fields.add(unescaped.append(line, from, q).toString());
            }
            return q + 1;
        }
    }

    /** A character as messages show it: {@code 'x'}, or a name for the invisible ones. */
    static String describe(char c) {
        return switch (c) {
            case '\t' -> "a tab";
            case '\n' -> "a line feed";
            case '\r' -> "a carriage return";
            case ' ' -> "a space";
            default -> c < 0x20 || c == 0x7f ? String.format("the control character U+%04X", (int) c) : "'" + c + "'";
        };
    }
}
