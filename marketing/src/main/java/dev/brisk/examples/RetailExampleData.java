package dev.brisk.examples;

import dev.brisk.datasets.DatasetNotFoundException;
import dev.brisk.datasets.OnlineRetail;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the marketing examples find the Online Retail file: what they share of their set-up. */
final class RetailExampleData {

    private RetailExampleData() {
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
