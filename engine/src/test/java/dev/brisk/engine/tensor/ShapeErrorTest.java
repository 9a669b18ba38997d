package dev.brisk.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad shapes fail at once, with a message naming the op and every shape involved. */
class ShapeErrorTest {

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void matmulInnerDimensions() {
        assertMessage("matmul: [32, 784] x [128, 10]: inner dimensions 784 and 128 differ",
                () -> Tensor.zeros(32, 784).matmul(Tensor.zeros(128, 10)));
        assertMessage("matmul: [2, 3, 4] x [5, 4, 6]: batch sizes 2 and 5 differ",
                () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5, 4, 6)));
        assertMessage("matmul: [3] x [3, 4]: operands must be 2-D or 3-D",
                () -> Tensor.zeros(3).matmul(Tensor.zeros(3, 4)));
    }

    @Test
    void matmulReportsTheShapesOfTransposedViews() {
        assertMessage("matmul: [4, 3] x [4, 3]: inner dimensions 3 and 4 differ",
                () -> Tensor.zeros(3, 4).T().matmul(Tensor.zeros(4, 3)));
    }

    @Test
    void broadcasting() {
        assertMessage("add: [3, 4] and [5]: shapes cannot be broadcast (axis -1: 4 vs 5)",
                () -> Tensor.zeros(3, 4).add(Tensor.zeros(5)));
        assertMessage("mul: [2, 3, 4] and [2, 4]: shapes cannot be broadcast (axis -2: 3 vs 2)",
                () -> Tensor.zeros(2, 3, 4).mul(Tensor.zeros(2, 4)));
        assertMessage("gt: [3] and [2]: shapes cannot be broadcast (axis -1: 3 vs 2)",
                () -> Tensor.zeros(3).gt(Tensor.zeros(2)));
        assertMessage("where: [3, 1], [4] and [2]: shapes cannot be broadcast (axis -1: 4 vs 2)",
                () -> Tensor.where(Tensor.zeros(3, 1), Tensor.zeros(4), Tensor.zeros(2)));
        assertMessage("expand: [3, 4] to [5, 4]: axis 0 has size 3, which is neither 1 nor 5",
                () -> Tensor.zeros(3, 4).expand(5, 4));
    }

    @Test
    void gatherNamesTheBadIdItsPositionAndTheTable() {
        assertMessage("gatherRows: id 12 at position 3 is out of range for table [10, 4] (ids 0..9)",
                () -> Tensor.zeros(10, 4).gatherRows(new int[]{0, 1, 2, 12}));
        assertMessage("gatherRows: id -1 at position 0 is out of range for table [10, 4] (ids 0..9)",
                () -> Tensor.zeros(10, 4).gatherRows(new int[]{-1}));
        assertMessage("gatherRows: table must be 2-D [V, D], got [10]",
                () -> Tensor.zeros(10).gatherRows(new int[]{0}));
    }

    @Test
    void crossEntropyLabels() {
        assertMessage("sparseCrossEntropy: label 5 at position 1 is out of range for logits [2, 5] (classes 0..4)",
                () -> Tensor.zeros(2, 5).sparseCrossEntropy(new int[]{0, 5}));
        assertMessage("sparseCrossEntropy: logits [2, 5] and 3 labels: expected one label per row",
                () -> Tensor.zeros(2, 5).sparseCrossEntropy(new int[]{0, 1, 2}));
        assertMessage("sparseCrossEntropy: logits must be 2-D [N, C], got [2, 5, 1]",
                () -> Tensor.zeros(2, 5, 1).sparseCrossEntropy(new int[]{0, 1}));
    }

    @Test
    void viewsAndAxes() {
        assertMessage("reshape: [2, 3] to [4, 2]: 6 elements cannot fill 8",
                () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertMessage("reshape: [2, 3] to [4, -1]: 6 elements cannot be split into parts of 4",
                () -> Tensor.zeros(2, 3).reshape(4, -1));
        assertMessage("sum: axis 2 is out of range for shape [2, 3] (rank 2)",
                () -> Tensor.zeros(2, 3).sum(2));
        assertMessage("softmax: axis -3 is out of range for shape [2, 3] (rank 2)",
                () -> Tensor.zeros(2, 3).softmax(-3));
        assertMessage("narrow: start 2 and length 2 do not fit axis 1 of size 3 in shape [2, 3]",
                () -> Tensor.zeros(2, 3).narrow(1, 2, 2));
        assertMessage("permute: [0, 0] repeats axis 0 (shape [2, 3])",
                () -> Tensor.zeros(2, 3).permute(0, 0));
        assertMessage("squeeze: axis 0 of [2, 3] has size 2, not 1",
                () -> Tensor.zeros(2, 3).squeeze(0));
        assertMessage("T: needs at least 2 axes, got shape [3]",
                () -> Tensor.zeros(3).T());
        assertMessage("concat: [2, 3] and [2, 4]: shapes must agree on every axis except 0",
                () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertMessage("stack: [2, 3] and [3, 2]: all shapes must be equal",
                () -> Tensor.stack(0, Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertMessage("of: 5 values do not fill shape [2, 3] (6 elements)",
                () -> Tensor.of(new float[5], 2, 3));
    }

    @Test
    void backwardNeedsAScalar() {
        Tensor x = Tensor.ones(2, 3).requiresGrad(true);
        assertMessage("backward: needs a scalar (one-element) tensor, got shape [2, 3]; "
                + "reduce it first (e.g. sum()) or call backward(gradient)", () -> x.mul(2f).backward());
        assertMessage("backward: gradient shape [3] differs from tensor shape [2, 3]",
                () -> x.mul(2f).backward(Tensor.ones(3)));
    }

    @Test
    void dropoutRate() {
        assertMessage("dropout: rate must be in [0, 1), got 1.0 (shape [2])", () -> Tensor.zeros(2).dropout(1f, 0L));
    }

    @Test
    void linearNamesEveryShapeWhenTheBiasDoesNotFit() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(32, 784).linear(Tensor.zeros(784, 128), Tensor.zeros(10)));
        org.junit.jupiter.api.Assertions.assertEquals(
                "linear: [32, 784] x [784, 128] + [10]: bias must be 1-D with 128 elements, one per output column",
                e.getMessage());
    }
}
