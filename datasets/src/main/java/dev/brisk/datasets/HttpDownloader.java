package dev.brisk.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Downloader#http()}: a GET with {@link HttpClient}; anything but status 200 is an error. */
final class HttpDownloader implements Downloader {

    /** Long enough for a slow link, short enough that a blocked network fails in seconds, not minutes. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    @Override
    public InputStream open(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("GET " + uri + ": interrupted");
        } catch (IOException e) {
            // HttpClient's ConnectException often has a null message; say what failed.
            throw new IOException("GET " + uri + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + ": HTTP status " + response.statusCode() + ", expected 200");
        }
        return response.body();
    }
}
