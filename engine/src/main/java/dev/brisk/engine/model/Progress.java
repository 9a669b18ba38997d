package dev.brisk.engine.model;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * {@link Model#fit}'s progress report, in Keras' format. On a terminal, a bar redrawn in place:
 *
 * <pre>
 * Epoch 1/5
 * 1875/1875 [==============================] 2s 1ms/step - loss: 0.5300 - accuracy: 0.8120
 * </pre>
 *
 * and anywhere else (CI, a file, a pipe), where {@code \r} would leave thousands of fragments, exactly
 * one line per epoch: {@code Epoch 1/5 - 1875/1875 - 2s 1ms/step - loss: 0.5300 - accuracy: 0.8120}.
 */
final class Progress {

    private static final int WIDTH = 30;
    /** Redraw the bar at most this often: printing every step would cost more than the step. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean bar;
    private final boolean silent;
    private final StringBuilder line = new StringBuilder(200);
    private int epochs;
    private int epoch;
    private int steps;
    private long epochStart;
    private long lastDraw;
    private int lastLength;

    Progress(FitOptions.Verbosity verbosity, PrintStream out) {
        this.out = out;
        this.silent = verbosity == FitOptions.Verbosity.SILENT;
        this.bar = verbosity == FitOptions.Verbosity.BAR || verbosity == FitOptions.Verbosity.AUTO && isTerminal();
    }

    /**
     * Whether standard output is an interactive terminal: a console that is a terminal (since JDK 22
     * {@code System.console()} exists even when output is redirected, hence {@code isTerminal()}),
     * and not a CI job (which sets {@code CI}).
     */
    static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal() && System.getenv("CI") == null;
    }

    void epochBegin(int epoch, int epochs, int steps) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.steps = steps;
        this.epochStart = System.nanoTime();
        this.lastDraw = epochStart;
        this.lastLength = 0;
        if (bar && !silent) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    /** After step {@code step} (from 1); redraws the bar if enough time has passed. */
    void batchEnd(int step, Model model, double meanLoss) {
        if (!bar || silent) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS || step == steps) {
            return; // the final state is drawn by epochEnd, with the epoch's time
        }
        lastDraw = now;
        line.setLength(0);
        line.append('\r');
        counterAndBar(step);
        double eta = (now - epochStart) / 1e9 / step * (steps - step);
        line.append(" - ETA: ").append(Math.round(eta)).append('s');
        model.appendRunningLogs(line, meanLoss);
        draw();
    }

    void epochEnd(double seconds, Map<String, Double> logs) {
        if (silent) {
            return;
        }
        line.setLength(0);
        if (bar) {
            line.append('\r');
            counterAndBar(steps);
            line.append(' ');
        } else {
            line.append("Epoch ").append(epoch + 1).append('/').append(epochs).append(" - ")
                    .append(steps).append('/').append(steps).append(" - ");
        }
        line.append(Math.round(seconds)).append("s ");
        double perStep = seconds / Math.max(1, steps);
        if (perStep >= 1e-3) {
            line.append(Math.round(perStep * 1e3)).append("ms/step");
        } else {
            line.append(Math.round(perStep * 1e6)).append("us/step");
        }
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            line.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
        }
        if (bar) {
            draw();
            out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void counterAndBar(int step) {
        String total = Integer.toString(steps);
        String done = Integer.toString(step);
        line.repeat(' ', total.length() - done.length()).append(done).append('/').append(total).append(" [");
        int filled = (int) ((long) WIDTH * step / steps);
        line.repeat('=', filled);
        if (filled < WIDTH) {
            line.append('>').repeat('.', WIDTH - filled - 1);
        }
        line.append(']');
    }

    /** Prints the line over the previous one, blanking what a longer previous line left behind. */
    private void draw() {
        int length = line.length();
        if (length < lastLength) {
            line.repeat(' ', lastLength - length);
        }
        lastLength = length;
        out.print(line);
        out.flush();
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
