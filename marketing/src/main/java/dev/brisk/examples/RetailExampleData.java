package dev.brisk.examples;

import dev.brisk.datasets.DatasetNotFoundException;
import dev.brisk.datasets.OnlineRetail;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the marketing examples share of their set-up: where they find the Online Retail file, and
 * their command line (options, then the file, then the example; errors as messages and exit codes).
 */
final class RetailExampleData {

    private RetailExampleData() {
    }

    /** An example's data file from its options. */
    @FunctionalInterface
    interface DataFile<O> {
        Path locate(O options) throws FileNotFoundException;
    }

    /** An example proper, printing to {@code out}. */
    @FunctionalInterface
    interface Body<O> {
        void run(Path file, O options, PrintStream out) throws IOException;
    }

    /**
     * An example's {@code main}: parses the options ({@code parse} returns null for {@code --help}
     * and throws IllegalArgumentException for bad ones: the usage, exit code 2), finds the data (not
     * found: how to configure it, exit code 1), runs the example (bad choices for these data, such as a
     * date outside them: the message, exit code 1).
     */
    static <O> void main(String[] args, String usage, Function<String[], O> parse, DataFile<O> dataFile, Body<O> body)
            throws IOException {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        if (options == null) { // --help
            System.out.println(usage);
            return;
        }
        Path file;
        try {
            file = dataFile.locate(options);
        } catch (FileNotFoundException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        try {
            body.run(file, options, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The file to read: {@code data} (the example's {@code --data}), else the shared copy configured
     * through {@code -Dbrisk.data.dir} or {@code BRISK_DATA_DIR}.
     *
     * @param mavenArgs the Maven property that carries the example's options, for the message
     * @throws FileNotFoundException if neither names a file; the message says what was searched and
     *         how to configure the location
     */
    static Path file(Path data, String mavenArgs) throws FileNotFoundException {
        if (data == null) {
            try {
                return OnlineRetail.locate();
            } catch (DatasetNotFoundException e) {
                throw new FileNotFoundException(e.getMessage() + "\nOr give the file directly: --data PATH "
                        + "(with Maven: -D" + mavenArgs + "=\"--data PATH\").");
            }
        }
        if (!Files.isRegularFile(data)) {
            throw new FileNotFoundException("--data " + data + ": no such file. Give the Online Retail CSV "
                    + "(e.g. .../online-retail/online-retail-dataset.csv.gz), or leave --data out to use the copy "
                    + "found through -D" + OnlineRetail.PROPERTY + " or " + OnlineRetail.ENV + ".");
        }
        return data;
    }
}
