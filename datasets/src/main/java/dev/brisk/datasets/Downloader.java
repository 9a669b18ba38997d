package dev.brisk.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Fetches the bytes behind a URL. The dataset loaders download through this interface so that tests,
 * proxies or offline mirrors can stand in for the network; {@link #http()} is the real thing.
 *
 * <p>The loaders do the rest themselves: they stream the body to a temporary file in the cache,
 * check its SHA-256 against the published value, and only then rename it into place. A downloader
 * need not (and should not) verify or store anything.
 *
 * <pre>{@code
 * // serving files from a local mirror instead of the publisher:
 * Downloader mirror = uri -> Files.newInputStream(Path.of("/mnt/mirror", Path.of(uri.getPath()).getFileName().toString()));
 * FashionMnist.load(LoadOptions.allowDownload().withDownloader(mirror));
 * }</pre>
 */
@FunctionalInterface
public interface Downloader {

    /**
     * Opens the body of {@code uri} for reading; the caller closes the stream.
     *
     * @throws IOException if the resource cannot be fetched (no network, HTTP error status, ...)
     */
    InputStream open(URI uri) throws IOException;

    /** Plain HTTP(S) GETs with {@link java.net.http.HttpClient}, following redirects. */
    static Downloader http() {
        return new HttpDownloader();
    }
}
