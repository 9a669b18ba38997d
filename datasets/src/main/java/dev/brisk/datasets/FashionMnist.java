package dev.brisk.datasets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST (Zalando Research, 2017): 70,000 grey-level 28×28 pictures of clothing in ten classes,
 * 60,000 for training and 10,000 for testing, a drop-in replacement for MNIST that is harder to fit.
 *
 * <pre>{@code
 * MnistData data = FashionMnist.load();
 * ImageSet train = data.train();                     // 60000 images
 * FashionMnist.CLASS_NAMES.get(train.label(0));      // "Ankle boot"
 * }</pre>
 *
 * <h2>Where the files are looked for</h2>
 * In order, the first directory holding the four IDX files (each gzipped or not) wins:
 * <ol>
 *   <li>a directory the caller names: {@code load(Path.of("data"))};</li>
 *   <li>the directory in system property {@value #PROPERTY}, then in environment variable {@value #ENV};</li>
 *   <li>the per-user cache {@code $XDG_CACHE_HOME/brisk/fashion-mnist} (by default {@code ~/.cache/brisk/fashion-mnist});</li>
 *   <li>{@value #DEBIAN_DIR}, where {@code apt-get install dataset-fashion-mnist} puts them.</li>
 * </ol>
 * If they are nowhere, {@code load(LoadOptions.allowDownload())} downloads the four {@code .gz} files
 * from the publisher into the cache and checks their SHA-256 before use; plain {@code load()} never
 * touches the network and throws a {@link DatasetNotFoundException} listing every place searched and
 * how to get the files.
 */
public final class FashionMnist {

    /** The system property naming a directory with the files. */
    public static final String PROPERTY = "brisk.data.fashion-mnist";
    /** The environment variable naming a directory with the files. */
    public static final String ENV = "BRISK_FASHION_MNIST";
    /** Where Debian's {@code dataset-fashion-mnist} package installs the four {@code .gz} files. */
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    /** The publisher's download location (Zalando Research's bucket, as linked from their README). */
    public static final String BASE_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    /** The ten classes, by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * SHA-256 of the publisher's {@code .gz} files. Zalando's README publishes MD5s
     * (8d4fb7e6..., 25c81989..., bef4ecab..., bb300cfd...); these SHA-256s of the same files are the
     * ones TensorFlow Datasets and many other projects verify against.
     *
     * <p>Debian's package does not ship these exact bytes: it recompressed the files (its MD5s differ),
     * so its {@code .gz} files hash differently (train images {@code b0564c3e...}) and are not checked
     * against this table. Only downloads are, since only they cross the network.
     */
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5");

    static final MnistFormat.Spec SPEC = new MnistFormat.Spec("Fashion-MNIST", "fashion-mnist", "FashionMnist",
            PROPERTY, ENV, List.of(Path.of(DEBIAN_DIR)), "dataset-fashion-mnist", List.of(URI.create(BASE_URL)),
            SHA256, CLASS_NAMES);

    private FashionMnist() {
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
