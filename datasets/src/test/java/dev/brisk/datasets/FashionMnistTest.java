package dev.brisk.datasets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Fashion-MNIST and MNIST loaders: where they look and in which order, what they say when the
 * files are nowhere, and downloading (through a fake {@link Downloader}: these tests never touch the
 * network). One test reads the real files of Debian's package when it is installed.
 */
class FashionMnistTest {

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>();
    private String savedFashionProperty;
    private String savedMnistProperty;

    /** Never called: fails the test if a load reaches for the network. */
    private static final Downloader NO_NETWORK = uri -> fail("unexpected download of " + uri);

    @BeforeEach
    void saveProperties() {
        savedFashionProperty = System.clearProperty(FashionMnist.PROPERTY);
        savedMnistProperty = System.clearProperty(Mnist.PROPERTY);
    }

    @AfterEach
    void restoreProperties() {
        restore(FashionMnist.PROPERTY, savedFashionProperty);
        restore(Mnist.PROPERTY, savedMnistProperty);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** Options that see only this test's environment map, cache and system directory. */
    private LoadOptions hermetic(Path cache, Path system) {
        return LoadOptions.defaults().withEnvironment(env::get).withCacheDirectory(cache)
                .withSystemDirectories(system).withDownloader(NO_NETWORK);
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in the message:\n" + message);
        }
    }

    // ------------------------------------------------------------------ the search

    @Test
    void searchesCallerThenPropertyThenEnvironmentThenCacheThenSystem() throws IOException {
        Path caller = IdxFiles.mnistDir(tmp.resolve("caller"), 11, 1, true);
        Path property = IdxFiles.mnistDir(tmp.resolve("property"), 12, 2, false);
        Path environment = IdxFiles.mnistDir(tmp.resolve("environment"), 13, 3, true);
        Path cache = IdxFiles.mnistDir(tmp.resolve("cache"), 14, 4, false);
        Path system = IdxFiles.mnistDir(tmp.resolve("system"), 15, 5, true);
        System.setProperty(FashionMnist.PROPERTY, property.toString());
        env.put(FashionMnist.ENV, environment.toString());
        LoadOptions options = hermetic(cache, system);

        MnistData fromCaller = FashionMnist.load(options.withDirectory(caller));
        assertEquals(caller, fromCaller.directory());
        assertEquals(11, fromCaller.train().size());
        assertEquals(1, fromCaller.test().size());

        assertEquals(property, FashionMnist.load(options).directory());
        System.clearProperty(FashionMnist.PROPERTY);
        assertEquals(environment, FashionMnist.load(options).directory());
        env.remove(FashionMnist.ENV);
        MnistData fromCache = FashionMnist.load(options);
        assertEquals(cache, fromCache.directory());
        assertEquals(14, fromCache.train().size());
        deleteTree(cache);
        MnistData fromSystem = FashionMnist.load(options);
        assertEquals(system, fromSystem.directory());
        assertEquals(15, fromSystem.train().size());
        assertEquals(5, fromSystem.test().size());
    }

    @Test
    void skipsAnIncompleteDirectoryAndSaysWhatIsMissing() throws IOException {
        Path partial = IdxFiles.mnistDir(tmp.resolve("partial"), 3, 2, true);
        Files.delete(partial.resolve("t10k-labels-idx1-ubyte.gz"));
        Path system = IdxFiles.mnistDir(tmp.resolve("system"), 4, 2, false);
        assertEquals(system, FashionMnist.load(hermetic(tmp.resolve("cache"), system).withDirectory(partial)).directory());

        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> FashionMnist.load(hermetic(tmp.resolve("cache"), tmp.resolve("nowhere")).withDirectory(partial)));
        assertContains(e.searched().getFirst(), partial.toString(), "missing t10k-labels-idx1-ubyte[.gz]");
    }

    @Test
    void acceptsGzippedAndRawFilesMixedAndReadsThemRight() throws IOException {
        Path dir = IdxFiles.mnistDir(tmp.resolve("mixed"), 20, 10, false);
        Path labels = dir.resolve("train-labels-idx1-ubyte");
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(Files.readAllBytes(labels)));
        Files.delete(labels);

        MnistData data = FashionMnist.load(hermetic(tmp.resolve("cache"), tmp.resolve("none")).withDirectory(dir));
        ImageSet train = data.train();
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(3, train.label(13));
        assertEquals("Dress", train.className(train.label(13)));
        assertEquals((5 * 7 + 2 * 28 + 3) & 0xFF, train.pixel(5, 2, 3));
        assertEquals(dir.resolve("train-images-idx3-ubyte").toString(), train.source());
    }

    @Test
    void honoursXdgCacheHomeAndDefaultsToDotCache() throws IOException {
        Path xdg = tmp.resolve("xdg");
        IdxFiles.mnistDir(xdg.resolve("brisk/fashion-mnist"), 7, 3, true);
        env.put("XDG_CACHE_HOME", xdg.toString());
        LoadOptions options = LoadOptions.defaults().withEnvironment(env::get).withSystemDirectories().withDownloader(NO_NETWORK);
        assertEquals(xdg.resolve("brisk/fashion-mnist"), FashionMnist.load(options).directory());

        env.clear();
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "brisk", "fashion-mnist"),
                MnistFormat.cacheDirectory(FashionMnist.SPEC, options));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "brisk", "mnist"),
                MnistFormat.cacheDirectory(Mnist.SPEC, options));
    }

    @Test
    void mnistHasItsOwnPropertyEnvironmentVariableAndCache() throws IOException {
        Path byProperty = IdxFiles.mnistDir(tmp.resolve("mnist-property"), 6, 2, true);
        Path byEnv = IdxFiles.mnistDir(tmp.resolve("mnist-env"), 5, 2, true);
        System.setProperty(FashionMnist.PROPERTY, byEnv.toString()); // must not be read by Mnist
        env.put(Mnist.ENV, byEnv.toString());
        System.setProperty(Mnist.PROPERTY, byProperty.toString());
        LoadOptions options = LoadOptions.defaults().withEnvironment(env::get).withCacheDirectory(tmp.resolve("c"))
                .withDownloader(NO_NETWORK);
        MnistData data = Mnist.load(options);
        assertEquals(byProperty, data.directory());
        assertEquals("7", data.train().className(7));
        System.clearProperty(Mnist.PROPERTY);
        assertEquals(byEnv, Mnist.load(options).directory());
    }

    // ------------------------------------------------------------------ nothing found

    @Test
    void notFoundListsEveryPlaceAndSaysHowToGetTheFiles() {
        Path caller = tmp.resolve("my-data");
        Path cache = tmp.resolve("cache");
        Path system = tmp.resolve("usr-share");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> FashionMnist.load(hermetic(cache, system).withDirectory(caller)));
        String m = e.getMessage();
        assertContains(m, "Fashion-MNIST not found. Searched, in order:",
                "1. the directory passed to FashionMnist.load " + caller + ": does not exist",
                "2. system property brisk.data.fashion-mnist: (not set)",
                "3. environment variable BRISK_FASHION_MNIST: (not set)",
                "4. the per-user cache " + cache + ": does not exist",
                "5. the directory of Debian's package dataset-fashion-mnist " + system + ": does not exist",
                "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, gzipped (.gz) or not",
                "Downloading is off (FashionMnist.load(LoadOptions.allowDownload()) turns it on)",
                "sudo apt-get install dataset-fashion-mnist",
                "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz",
                "set BRISK_FASHION_MNIST=dir or -Dbrisk.data.fashion-mnist=dir",
                "put the files in " + cache);
        assertEquals(5, e.searched().size());
        assertFalse(Files.exists(cache), "a failed search must not create the cache");
    }

    @Test
    void defaultSystemDirectoryIsDebians() {
        assertEquals(List.of(Path.of("/usr/share/datasets/fashion-mnist")), FashionMnist.SPEC.systemDirs());
        assertEquals(List.of(), Mnist.SPEC.systemDirs());
    }

    @Test
    void mnistNotFoundHasNoAptLineButSaysWhereToPutFiles() {
        Path cache = tmp.resolve("c");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> Mnist.load(LoadOptions.defaults().withEnvironment(env::get).withCacheDirectory(cache).withDownloader(NO_NETWORK)));
        assertFalse(e.getMessage().contains("apt-get"), e.getMessage());
        assertContains(e.getMessage(), "MNIST not found", "BRISK_MNIST", "brisk.data.mnist", "yann.lecun.com", "Mnist.load(LoadOptions.allowDownload())");
    }

    // ------------------------------------------------------------------ downloading

    /** Serves fixed bytes per file name and counts requests. */
    private static class FakeServer implements Downloader {
        final Map<String, byte[]> files = new HashMap<>();
        final List<URI> requests = new ArrayList<>();

        @Override
        public java.io.InputStream open(URI uri) throws IOException {
            requests.add(uri);
            String name = Path.of(uri.getPath()).getFileName().toString();
            byte[] body = files.get(name);
            if (body == null) {
                throw new IOException("GET " + uri + ": HTTP status 404, expected 200");
            }
            return new ByteArrayInputStream(body);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The Fashion-MNIST spec with checksums of small fake files, and the fake serving them. */
    private static MnistFormat.Spec fakeSpec(FakeServer server) throws Exception {
        server.files.put("train-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(30)));
        server.files.put("train-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(30)));
        server.files.put("t10k-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(10)));
        server.files.put("t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(10)));
        Map<String, String> sums = new HashMap<>();
        for (Map.Entry<String, byte[]> f : server.files.entrySet()) {
            sums.put(f.getKey(), sha256(f.getValue()));
        }
        MnistFormat.Spec s = FashionMnist.SPEC;
        return new MnistFormat.Spec(s.title(), s.key(), s.loader(), s.property(), s.envVar(), s.systemDirs(), s.aptPackage(),
                s.baseUrls(), sums, s.classNames());
    }

    @Test
    void downloadsIntoTheCacheVerifiesAndThenUsesTheCache() throws Exception {
        FakeServer server = new FakeServer();
        MnistFormat.Spec spec = fakeSpec(server);
        Path cache = tmp.resolve("cache");
        LoadOptions options = LoadOptions.allowDownload().withEnvironment(env::get).withCacheDirectory(cache)
                .withSystemDirectories().withDownloader(server);

        MnistData data = MnistFormat.load(spec, options);
        assertEquals(cache, data.directory());
        assertEquals(30, data.train().size());
        assertEquals(4, server.requests.size());
        assertEquals(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz"),
                server.requests.getFirst());
        for (String name : server.files.keySet()) {
            assertArrayEquals(server.files.get(name), Files.readAllBytes(cache.resolve(name)));
        }
        assertEquals(List.of(), leftovers(cache), "no temporary files may remain");

        MnistFormat.load(spec, options);
        assertEquals(4, server.requests.size(), "a second load must use the cache, not download again");
    }

    @Test
    void downloadOnlyFetchesWhatTheCacheLacks() throws Exception {
        FakeServer server = new FakeServer();
        MnistFormat.Spec spec = fakeSpec(server);
        Path cache = tmp.resolve("cache");
        IdxFiles.write(cache.resolve("train-images-idx3-ubyte.gz"), server.files.get("train-images-idx3-ubyte.gz"));
        MnistFormat.load(spec, LoadOptions.allowDownload().withEnvironment(env::get).withCacheDirectory(cache)
                .withSystemDirectories().withDownloader(server));
        assertEquals(3, server.requests.size());
    }

    @Test
    void rejectsADownloadWhoseChecksumDiffersFromThePublishedOne() throws Exception {
        // The real Fashion-MNIST spec and its published SHA-256s; the "publisher" serves something else.
        FakeServer server = new FakeServer();
        byte[] impostor = IdxFiles.gzip(IdxFiles.images(2));
        for (String name : MnistFormat.FILES) {
            server.files.put(name + ".gz", impostor);
        }
        Path cache = tmp.resolve("cache");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(
                LoadOptions.allowDownload().withEnvironment(env::get).withCacheDirectory(cache)
                        .withSystemDirectories().withDownloader(server)));
        assertContains(e.getMessage(), "Downloading into " + cache + " failed",
                "SHA-256 mismatch for http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz",
                "expected 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                "got " + sha256(impostor), "(" + impostor.length + " bytes); the download was discarded",
                "sudo apt-get install dataset-fashion-mnist");
        assertEquals(List.of(), list(cache), "a rejected download must leave nothing behind");
        assertEquals(1, server.requests.size(), "stops at the first bad file");
    }

    @Test
    void noNetworkSaysWhatFailedAndHowToGetTheFiles() {
        Downloader offline = uri -> {
            throw new ConnectException("GET " + uri + ": ConnectException: Connection refused");
        };
        Path cache = tmp.resolve("cache");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(
                LoadOptions.allowDownload().withEnvironment(env::get).withCacheDirectory(cache)
                        .withSystemDirectories(tmp.resolve("none")).withDownloader(offline)));
        assertContains(e.getMessage(), "Fashion-MNIST not found", "Connection refused", "Downloading into " + cache + " failed",
                "sudo apt-get install dataset-fashion-mnist", "BRISK_FASHION_MNIST=dir");
        assertFalse(e.getMessage().contains("allow downloading"), "downloading was allowed: do not suggest it");
    }

    @Test
    void mnistTriesTheMirrorWhenThePublisherFails() throws Exception {
        FakeServer server = new FakeServer() {
            @Override
            public java.io.InputStream open(URI uri) throws IOException {
                if (uri.getHost().equals("yann.lecun.com")) {
                    requests.add(uri);
                    throw new IOException("GET " + uri + ": HTTP status 403, expected 200");
                }
                return super.open(uri);
            }
        };
        MnistFormat.Spec fake = fakeSpec(server);
        MnistFormat.Spec s = Mnist.SPEC;
        MnistFormat.Spec spec = new MnistFormat.Spec(s.title(), s.key(), s.loader(), s.property(), s.envVar(), s.systemDirs(),
                s.aptPackage(), s.baseUrls(), fake.sha256(), s.classNames());
        MnistData data = MnistFormat.load(spec, LoadOptions.allowDownload().withEnvironment(env::get)
                .withCacheDirectory(tmp.resolve("cache")).withDownloader(server));
        assertEquals(30, data.train().size());
        assertEquals(8, server.requests.size(), "each file: the publisher (403), then the mirror");
    }

    // ------------------------------------------------------------------ inconsistent files

    @Test
    void rejectsLabelsThatDoNotMatchTheImages() throws IOException {
        Path dir = IdxFiles.mnistDir(tmp.resolve("d"), 5, 3, false);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(4));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(hermetic(tmp, tmp).withDirectory(dir)));
        assertContains(e.getMessage(), dir.resolve("train-labels-idx1-ubyte").toString(), "holds 4 labels but",
                "holds 5 images: expected one label per image");
    }

    @Test
    void rejectsOutOfRangeLabels() throws IOException {
        Path dir = IdxFiles.mnistDir(tmp.resolve("d"), 5, 3, false);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.idx(0x08, new int[]{3}, new byte[]{1, 10, 2}));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(hermetic(tmp, tmp).withDirectory(dir)));
        assertContains(e.getMessage(), "t10k-labels-idx1-ubyte", "label 10 of image 1 at byte 9: expected 0..9");
    }

    @Test
    void rejectsImagesThatAreNotThreeDimensionalBytes() throws IOException {
        Path dir = IdxFiles.mnistDir(tmp.resolve("d"), 5, 3, false);
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.idx(0x08, new int[]{5, 784}, new byte[5 * 784]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> FashionMnist.load(hermetic(tmp, tmp).withDirectory(dir)));
        assertContains(e.getMessage(), "train-images-idx3-ubyte: holds unsigned byte [5, 784]", "expected unsigned byte images [count, rows, cols]");
    }

    // ------------------------------------------------------------------ the real thing

    @Test
    void readsDebiansPackageWhenInstalled() throws IOException {
        Path debian = Path.of(FashionMnist.DEBIAN_DIR);
        assumeTrue(Files.isDirectory(debian), "dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
        MnistData data = FashionMnist.load(LoadOptions.defaults().withEnvironment(env::get)
                .withCacheDirectory(tmp.resolve("empty-cache")).withDownloader(NO_NETWORK));
        assertEquals(debian, data.directory());
        check(data.train(), 60_000);
        check(data.test(), 10_000);
        assertEquals("Ankle boot", data.train().className(data.train().label(0)), "the first training image is an ankle boot");
    }

    private static void check(ImageSet set, int size) {
        assertEquals(size, set.size());
        assertEquals(28, set.rows());
        assertEquals(28, set.cols());
        assertEquals(FashionMnist.CLASS_NAMES, set.classNames());
        int[] counts = set.classCounts();
        assertEquals(10, counts.length);
        for (int c = 0; c < 10; c++) {
            int expected = size / 10;
            assertTrue(Math.abs(counts[c] - expected) <= expected / 10, "class " + c + " has " + counts[c] + " images, expected about " + expected);
        }
        int max = 0;
        for (byte b : set.images()) {
            max = Math.max(max, b & 0xFF);
        }
        assertEquals(255, max, "grey levels reach 255");
    }

    // ------------------------------------------------------------------ helpers

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static List<Path> leftovers(Path cache) throws IOException {
        return list(cache).stream().filter(p -> !p.getFileName().toString().endsWith("-ubyte.gz")).toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
