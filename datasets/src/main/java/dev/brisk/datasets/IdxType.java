package dev.brisk.datasets;

/**
 * The element types an IDX file can hold, named by the third byte of its magic number.
 *
 * <p>The format (Yann LeCun's, used by MNIST and Fashion-MNIST) stores every multi-byte value
 * big-endian. MNIST and Fashion-MNIST only use {@link #UNSIGNED_BYTE}: grey levels 0..255 for the
 * images, class numbers 0..9 for the labels.
 */
public enum IdxType {
    /** Code {@code 0x08}: unsigned byte, 0..255. */
    UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
    /** Code {@code 0x09}: signed byte, -128..127. */
    SIGNED_BYTE(0x09, 1, "signed byte"),
    /** Code {@code 0x0B}: 16-bit signed integer. */
    SHORT(0x0B, 2, "short"),
    /** Code {@code 0x0C}: 32-bit signed integer. */
    INT(0x0C, 4, "int"),
    /** Code {@code 0x0D}: 32-bit IEEE float. */
    FLOAT(0x0D, 4, "float"),
    /** Code {@code 0x0E}: 64-bit IEEE double. */
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int bytes;
    private final String label;

    IdxType(int code, int bytes, String label) {
        this.code = code;
        this.bytes = bytes;
        this.label = label;
    }

    /** The type byte in the magic number, e.g. {@code 0x08}. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The type for a magic-number type byte, or {@code null} if the format defines none. */
    static IdxType fromCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** A list of the valid codes for error messages: {@code 0x08 (unsigned byte), 0x09 (...)}. */
    static String validCodes() {
        StringBuilder sb = new StringBuilder();
        for (IdxType t : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(String.format("0x%02X (%s)", t.code, t.label));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return label;
    }
}
