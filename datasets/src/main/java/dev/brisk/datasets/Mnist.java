package dev.brisk.datasets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MNIST (LeCun, Cortes and Burges): 70,000 grey-level 28×28 handwritten digits, 60,000 for training and
 * 10,000 for testing. The same files, format and search as {@link FashionMnist}: a caller's directory,
 * then system property {@value #PROPERTY} or environment variable {@value #ENV}, then the per-user
 * cache {@code ~/.cache/brisk/mnist} ({@code $XDG_CACHE_HOME} honoured). Debian packages no MNIST, so
 * there is no system directory. {@code load(LoadOptions.allowDownload())} fetches the files, trying the
 * publisher's site first and then PyTorch's mirror of the same bytes; the SHA-256 check makes the
 * mirror as trustworthy as the original.
 */
public final class Mnist {

    /** The system property naming a directory with the files. */
    public static final String PROPERTY = "brisk.data.mnist";
    /** The environment variable naming a directory with the files. */
    public static final String ENV = "BRISK_MNIST";

    /** The ten classes, by label: the digits. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** SHA-256 of the published {@code .gz} files (as verified by Keras, TensorFlow Datasets and others). */
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    static final MnistFormat.Spec SPEC = new MnistFormat.Spec("MNIST", "mnist", "Mnist", PROPERTY, ENV, List.of(), null,
            List.of(URI.create("http://yann.lecun.com/exdb/mnist/"), URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/")),
            SHA256, CLASS_NAMES);

    private Mnist() {
    }

    /** Loads from the first place that has the files; never downloads. */
    public static MnistData load() throws IOException {
        return load(LoadOptions.defaults());
    }

    /** Loads, looking first in {@code directory}; never downloads. */
    public static MnistData load(Path directory) throws IOException {
        return load(LoadOptions.defaults().withDirectory(directory));
    }

    /**
     * Loads as {@code options} say.
     *
     * @throws DatasetNotFoundException if the files are nowhere and cannot be downloaded
     * @throws IdxFormatException       if a file is found but corrupt
     */
    public static MnistData load(LoadOptions options) throws IOException {
        return MnistFormat.load(SPEC, options);
    }
}
