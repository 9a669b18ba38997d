package dev.brisk.marketing.segment;

import dev.brisk.marketing.data.CustomerTable;

/**
 * The numbers of a {@link CustomerTable} that segmentation needs, as plain arrays: customer ids and
 * the row-major values of all its columns. Lets the stability checks fit on a subset of customers
 * without building a new table.
 */
record CustomerRows(long[] ids, double[] values) {

    static final int WIDTH = CustomerTable.Column.values().length;

    /**
     * The table's rows.
     *
     * @throws IllegalArgumentException if the table has no customers, naming {@code who} and the window
     */
    static CustomerRows of(CustomerTable table, String who) {
        if (table.size() == 0) {
            throw new IllegalArgumentException(who + ": the customer table has no customers (no purchases in ["
                    + table.from() + ", " + table.to() + ")), so there is nothing to segment");
        }
        return new CustomerRows(table.customerIds(), table.values());
    }

    int size() {
        return ids.length;
    }

    /** The rows at {@code indices}, in that order. */
    CustomerRows select(int[] indices) {
        long[] i2 = new long[indices.length];
        double[] v2 = new double[indices.length * WIDTH];
        for (int i = 0; i < indices.length; i++) {
            i2[i] = ids[indices[i]];
            System.arraycopy(values, indices[i] * WIDTH, v2, i * WIDTH, WIDTH);
        }
        return new CustomerRows(i2, v2);
    }

    double get(int row, CustomerTable.Column column) {
        return values[row * WIDTH + column.ordinal()];
    }
}
