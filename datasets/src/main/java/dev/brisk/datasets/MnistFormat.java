package dev.brisk.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What MNIST and Fashion-MNIST share: four IDX files with the same names, found by the same search,
 * downloaded and verified the same way. {@link FashionMnist} and {@link Mnist} only supply a {@link Spec}.
 *
 * <h2>The search</h2>
 * In order, the first place holding all four files wins:
 * <ol>
 *   <li>the directory the caller names ({@link LoadOptions#withDirectory});</li>
 *   <li>the directory named by a system property ({@code -Dbrisk.data.fashion-mnist=...}), then by an
 *       environment variable ({@code BRISK_FASHION_MNIST});</li>
 *   <li>the per-user cache, {@code $XDG_CACHE_HOME/brisk/<dataset>} or {@code ~/.cache/brisk/<dataset>};</li>
 *   <li>system directories, where a distribution package installs the files
 *       ({@code /usr/share/datasets/fashion-mnist} for Debian's {@code dataset-fashion-mnist}).</li>
 * </ol>
 * In each directory a file may be gzipped ({@code name.gz}) or not ({@code name}); the uncompressed one
 * is preferred when both exist, as it reads faster. If no place has the files and downloading is allowed,
 * the missing {@code .gz} files are fetched into the cache (temporary file, SHA-256 check, atomic rename).
 */
final class MnistFormat {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /**
     * Everything that differs between MNIST-style datasets.
     *
     * @param title          for messages, e.g. "Fashion-MNIST"
     * @param key            the directory name in the cache, e.g. "fashion-mnist"
     * @param loader         the public class, for messages, e.g. "FashionMnist"
     * @param property       the system property naming a directory
     * @param envVar         the environment variable naming a directory
     * @param systemDirs     directories where packages install the files, searched last
     * @param aptPackage     the Debian package that installs them, or null
     * @param baseUrls       where to download {@code <file>.gz} from, tried in order
     * @param sha256         the published SHA-256 of each {@code <file>.gz}, by file name
     * @param classNames     the class names by label
     */
    record Spec(String title, String key, String loader, String property, String envVar, List<Path> systemDirs,
                String aptPackage, List<URI> baseUrls, Map<String, String> sha256, List<String> classNames) {
    }

    private MnistFormat() {
    }

    /** Finds (or downloads) and reads the four files. */
    static MnistData load(Spec spec, LoadOptions options) throws IOException {
        List<String> searched = new ArrayList<>();
        for (Place place : places(spec, options)) {
            if (place.dir == null) {
                searched.add(place.what + ": (not set)");
                continue;
            }
            String problem = missing(place.dir);
            if (problem == null) {
                return read(spec, place.dir);
            }
            searched.add(place.what + " " + place.dir + ": " + problem);
        }

        Path cache = cacheDirectory(spec, options);
        if (!options.download()) {
            throw notFound(spec, options, searched, "Downloading is off (" + spec.loader()
                    + ".load(LoadOptions.allowDownload()) turns it on).", null);
        }
        try {
            download(spec, options.downloader(), cache);
        } catch (IOException e) {
            throw notFound(spec, options, searched, "Downloading into " + cache + " failed: " + describe(e), e);
        }
        return read(spec, cache);
    }

    /** A directory to search and how to describe it; {@code dir == null} when its setting is absent. */
    private record Place(String what, Path dir) {
    }

    private static List<Place> places(Spec spec, LoadOptions options) {
        List<Place> places = new ArrayList<>();
        places.add(new Place("the directory passed to " + spec.loader() + ".load", options.directory()));
        places.add(new Place("system property " + spec.property(), pathOrNull(System.getProperty(spec.property()))));
        places.add(new Place("environment variable " + spec.envVar(), pathOrNull(options.getenv(spec.envVar()))));
        places.add(new Place("the per-user cache", cacheDirectory(spec, options)));
        List<Path> system = options.systemDirectories() != null ? options.systemDirectories() : spec.systemDirs();
        for (Path dir : system) {
            places.add(new Place(spec.aptPackage() != null ? "the directory of Debian's package " + spec.aptPackage()
                    : "the system directory", dir));
        }
        return places;
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /**
     * The per-user cache: the XDG base-directory spec says {@code $XDG_CACHE_HOME} if set to an absolute
     * path, else {@code ~/.cache}.
     */
    static Path cacheDirectory(Spec spec, LoadOptions options) {
        if (options.cacheDirectory() != null) {
            return options.cacheDirectory();
        }
        String xdg = options.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("brisk").resolve(spec.key());
    }

    /** The file to read for {@code name} in {@code dir}: {@code name}, else {@code name.gz}, else null. */
    private static Path locate(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** Null if {@code dir} holds all four files, else what is wrong, for the not-found message. */
    private static String missing(Path dir) {
        if (!Files.exists(dir)) {
            return "does not exist";
        }
        if (!Files.isDirectory(dir)) {
            return "is not a directory";
        }
        List<String> absent = new ArrayList<>();
        for (String name : FILES) {
            if (locate(dir, name) == null) {
                absent.add(name + "[.gz]");
            }
        }
        return absent.isEmpty() ? null : "missing " + String.join(", ", absent);
    }

    // ------------------------------------------------------------------ reading

    private static MnistData read(Spec spec, Path dir) throws IOException {
        ImageSet train = readSplit(spec, locate(dir, TRAIN_IMAGES), locate(dir, TRAIN_LABELS));
        ImageSet test = readSplit(spec, locate(dir, TEST_IMAGES), locate(dir, TEST_LABELS));
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new IOException(spec.title() + " in " + dir + ": training images are " + train.rows() + "x" + train.cols()
                    + " but test images are " + test.rows() + "x" + test.cols());
        }
        return new MnistData(train, test, dir);
    }

    /** Reads an images file and its labels file and checks that they agree with each other. */
    static ImageSet readSplit(Spec spec, Path imagesFile, Path labelsFile) throws IOException {
        IdxArray images = IdxReader.read(imagesFile);
        IdxArray labels = IdxReader.read(labelsFile);
        if (images.type() != IdxType.UNSIGNED_BYTE || images.rank() != 3) {
            throw new IdxFormatException(imagesFile.toString(), 2, "holds " + images.type() + " " + Arrays.toString(images.dims())
                    + ": expected unsigned byte images [count, rows, cols] (magic number 00 00 08 03)");
        }
        if (labels.type() != IdxType.UNSIGNED_BYTE || labels.rank() != 1) {
            throw new IdxFormatException(labelsFile.toString(), 2, "holds " + labels.type() + " " + Arrays.toString(labels.dims())
                    + ": expected unsigned byte labels [count] (magic number 00 00 08 01)");
        }
        if (images.dim(0) != labels.dim(0)) {
            throw new IdxFormatException(labelsFile.toString(), 4, "holds " + labels.dim(0) + " labels but "
                    + imagesFile + " holds " + images.dim(0) + " images: expected one label per image");
        }
        byte[] y = labels.data();
        int classes = spec.classNames().size();
        for (int i = 0; i < y.length; i++) {
            if ((y[i] & 0xFF) >= classes) {
                throw new IdxFormatException(labelsFile.toString(), 8 + i, "label " + (y[i] & 0xFF) + " of image " + i
                        + " at byte " + (8 + i) + (labelsFile.toString().endsWith(".gz") ? " of the decompressed data" : "")
                        + ": expected 0.." + (classes - 1));
            }
        }
        return new ImageSet(images.data(), y, images.dim(1), images.dim(2), spec.classNames(), imagesFile.toString());
    }

    // ------------------------------------------------------------------ downloading

    /** Downloads every {@code .gz} file the cache lacks, verifying each before it appears under its name. */
    static void download(Spec spec, Downloader downloader, Path cache) throws IOException {
        Files.createDirectories(cache);
        for (String name : FILES) {
            if (locate(cache, name) != null) {
                continue;
            }
            String file = name + ".gz";
            List<String> failures = new ArrayList<>();
            boolean done = false;
            for (URI base : spec.baseUrls()) {
                URI uri = base.resolve(file);
                try {
                    fetchVerified(downloader, uri, spec.sha256().get(file), cache.resolve(file));
                    done = true;
                    break;
                } catch (IOException e) {
                    failures.add(describe(e));
                }
            }
            if (!done) {
                throw new IOException(String.join("; ", failures));
            }
        }
    }

    /**
     * Streams {@code uri} into a temporary file next to {@code target}, hashing as it goes; renames it to
     * {@code target} only if the SHA-256 matches. Nobody ever sees a partial or unverified file under the
     * final name, even if the process dies mid-download.
     */
    static void fetchVerified(Downloader downloader, URI uri, String expectedSha256, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
        try {
            MessageDigest sha256 = sha256();
            long bytes;
            try (InputStream in = new DigestInputStream(downloader.open(uri), sha256);
                 OutputStream out = Files.newOutputStream(tmp)) {
                bytes = in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new IOException("SHA-256 mismatch for " + uri + ": expected " + expectedSha256 + ", got " + actual
                        + " (" + bytes + " bytes); the download was discarded");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * An exception's message with its causes' ({@code ConnectException}s from HttpClient often have
     * no message of their own, their causes say "Connection refused" or name the unknown host).
     */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": " + c.getMessage();
            if (!sb.toString().contains(m)) {
                sb.append(" (").append(m).append(')');
            }
        }
        return sb.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    // ------------------------------------------------------------------ the not-found message

    private static DatasetNotFoundException notFound(Spec spec, LoadOptions options, List<String> searched,
                                                     String downloadNote, Throwable cause) {
        Path cache = cacheDirectory(spec, options);
        StringBuilder m = new StringBuilder();
        m.append(spec.title()).append(" not found. Searched, in order:\n");
        for (int i = 0; i < searched.size(); i++) {
            m.append("  ").append(i + 1).append(". ").append(searched.get(i)).append('\n');
        }
        m.append("Each place needs the four files ").append(String.join(", ", FILES))
                .append(", gzipped (.gz) or not.\n");
        m.append(downloadNote).append('\n');
        m.append("To get the files, do one of:\n");
        if (spec.aptPackage() != null) {
            m.append("  - sudo apt-get install ").append(spec.aptPackage()).append("   (Debian/Ubuntu: installs them in ")
                    .append(spec.systemDirs().getFirst()).append(")\n");
        }
        URI base = spec.baseUrls().getFirst();
        m.append("  - download ").append(base.resolve(FILES.getFirst() + ".gz")).append(" and the three others from ")
                .append(base).append(" into a directory, then pass it to ").append(spec.loader())
                .append(".load(Path.of(dir)), or set ").append(spec.envVar()).append("=dir or -D").append(spec.property())
                .append("=dir, or put the files in ").append(cache).append('\n');
        if (!options.download()) {
            m.append("  - allow downloading: ").append(spec.loader())
                    .append(".load(LoadOptions.allowDownload()) fetches them into ").append(cache)
                    .append(" (needs access to ").append(base.getHost()).append(")\n");
        }
        return new DatasetNotFoundException(m.toString().stripTrailing(), searched, cause);
    }
}
