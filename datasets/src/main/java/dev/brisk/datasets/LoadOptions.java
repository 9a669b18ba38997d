package dev.brisk.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a loader such as {@link FashionMnist} looks for its files, and whether it may download them.
 * Immutable: each {@code with...} method returns a changed copy.
 *
 * <pre>{@code
 * FashionMnist.load();                                               // search only; never downloads
 * FashionMnist.load(LoadOptions.allowDownload());                   // search, then fetch into the cache
 * FashionMnist.load(LoadOptions.defaults().withDirectory(Path.of("data/fashion")));
 * }</pre>
 *
 * <p>Downloading is off by default: a library should not reach for the network unless asked, and a
 * machine that cannot reach the publisher then fails at once with a message saying how to get the
 * files, instead of waiting on a connection first.
 */
public final class LoadOptions {

    private static final LoadOptions DEFAULTS = new LoadOptions(null, false, null, null, Downloader.http(), System::getenv);

    private final Path directory;
    private final boolean download;
    private final Path cacheDirectory;
    private final List<Path> systemDirectories;
    private final Downloader downloader;
    private final UnaryOperator<String> environment;

    private LoadOptions(Path directory, boolean download, Path cacheDirectory, List<Path> systemDirectories,
                        Downloader downloader, UnaryOperator<String> environment) {
        this.directory = directory;
        this.download = download;
        this.cacheDirectory = cacheDirectory;
        this.systemDirectories = systemDirectories;
        this.downloader = downloader;
        this.environment = environment;
    }

    /** Search the usual places; do not download. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    /** Search the usual places, then download into the per-user cache if the files are nowhere. */
    public static LoadOptions allowDownload() {
        return DEFAULTS.withDownload(true);
    }

    /** Look first in {@code directory} (the caller's own copy of the files). */
    public LoadOptions withDirectory(Path directory) {
        return new LoadOptions(Objects.requireNonNull(directory, "directory"), download, cacheDirectory,
                systemDirectories, downloader, environment);
    }

    /** Whether the files may be downloaded when they are found nowhere. */
    public LoadOptions withDownload(boolean allowed) {
        return new LoadOptions(directory, allowed, cacheDirectory, systemDirectories, downloader, environment);
    }

    /**
     * Uses {@code cacheDirectory} instead of the per-user cache ({@code $XDG_CACHE_HOME/brisk/<dataset>},
     * by default {@code ~/.cache/brisk/<dataset>}), both to search and to download into.
     */
    public LoadOptions withCacheDirectory(Path cacheDirectory) {
        return new LoadOptions(directory, download, Objects.requireNonNull(cacheDirectory, "cacheDirectory"),
                systemDirectories, downloader, environment);
    }

    /**
     * Replaces the system-wide directories searched last (by default where the Debian package installs
     * the dataset, e.g. {@code /usr/share/datasets/fashion-mnist}); none at all to skip them.
     */
    public LoadOptions withSystemDirectories(Path... directories) {
        return new LoadOptions(directory, download, cacheDirectory, List.of(directories), downloader, environment);
    }

    /** Downloads through {@code downloader} instead of {@link Downloader#http()}. */
    public LoadOptions withDownloader(Downloader downloader) {
        return new LoadOptions(directory, download, cacheDirectory, systemDirectories,
                Objects.requireNonNull(downloader, "downloader"), environment);
    }

    /**
     * Reads environment variables through {@code environment} instead of {@link System#getenv(String)}:
     * for tests, and for programs that keep their settings elsewhere.
     */
    public LoadOptions withEnvironment(UnaryOperator<String> environment) {
        return new LoadOptions(directory, download, cacheDirectory, systemDirectories, downloader,
                Objects.requireNonNull(environment, "environment"));
    }

    /** The caller's directory, or null. */
    public Path directory() {
        return directory;
    }

    /** Whether downloading is allowed. */
    public boolean download() {
        return download;
    }

    /** The cache directory given with {@link #withCacheDirectory}, or null for the per-user default. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** The system directories given with {@link #withSystemDirectories}, or null for the dataset's defaults. */
    public List<Path> systemDirectories() {
        return systemDirectories;
    }

    /** How files are fetched. */
    public Downloader downloader() {
        return downloader;
    }

    /** The value of environment variable {@code name}, or null. */
    public String getenv(String name) {
        return environment.apply(name);
    }
}
