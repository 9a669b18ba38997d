package dev.brisk.datasets;

import java.util.Arrays;
import java.util.Objects;

/**
 * The contents of one IDX file: an element type, a shape, and the elements as raw bytes.
 *
 * <p>For {@link IdxType#UNSIGNED_BYTE} (all that MNIST uses) {@code data} holds the values
 * themselves, row-major: the MNIST training images are {@code dims = [60000, 28, 28]} and pixel
 * {@code (r, c)} of image {@code i} is {@code data[i * 784 + r * 28 + c] & 0xFF}. Wider types keep
 * their big-endian bytes as stored; {@link #intAt} and {@link #doubleAt} decode one element.
 *
 * <p>{@code data} is not copied (the MNIST training images are 47 MB), so the array belongs to whoever
 * holds this record; {@link #dims()} returns a copy.
 *
 * @param type the element type, from the magic number
 * @param dims the size of each axis, all positive
 * @param data {@code product(dims) * type.bytes()} bytes
 */
public record IdxArray(IdxType type, int[] dims, byte[] data) {

    public IdxArray {
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        long count = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("IdxArray: dimensions must be positive, got " + Arrays.toString(dims));
            }
            count *= d;
        }
        if (data.length != count * type.bytes()) {
            throw new IllegalArgumentException("IdxArray: dims " + Arrays.toString(dims) + " of " + type + " need "
                    + count * type.bytes() + " bytes, got " + data.length);
        }
    }

    /** A copy of the shape. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** The size of axis {@code axis}. */
    public int dim(int axis) {
        return dims[axis];
    }

    /** The number of axes. */
    public int rank() {
        return dims.length;
    }

    /** The number of elements, the product of the dimensions. */
    public int count() {
        return data.length / type.bytes();
    }

    /**
     * Element {@code i} (row-major) as an int; for {@link IdxType#UNSIGNED_BYTE} that is 0..255.
     *
     * @throws IllegalStateException for {@code FLOAT} and {@code DOUBLE} arrays: use {@link #doubleAt}
     */
    public int intAt(int i) {
        int o = i * type.bytes();
        return switch (type) {
            case UNSIGNED_BYTE -> data[i] & 0xFF;
            case SIGNED_BYTE -> data[i];
            case SHORT -> (short) ((data[o] << 8) | (data[o + 1] & 0xFF));
            case INT -> readInt(o);
            case FLOAT, DOUBLE -> throw new IllegalStateException("intAt: elements are " + type + "s; use doubleAt");
        };
    }

    /** Element {@code i} (row-major) as a double, exactly, whatever the type. */
    public double doubleAt(int i) {
        return switch (type) {
            case FLOAT -> Float.intBitsToFloat(readInt(i * 4));
            case DOUBLE -> Double.longBitsToDouble(((long) readInt(i * 8) << 32) | (readInt(i * 8 + 4) & 0xFFFFFFFFL));
            default -> intAt(i);
        };
    }

    private int readInt(int o) {
        return (data[o] << 24) | ((data[o + 1] & 0xFF) << 16) | ((data[o + 2] & 0xFF) << 8) | (data[o + 3] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxArray a && type == a.type && Arrays.equals(dims, a.dims) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Arrays.hashCode(dims)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxArray[" + type + " " + Arrays.toString(dims) + "]";
    }
}
