package io.windhover.benchmarks.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload benchmark's server does what bin/bench-upload measures: a raw body and a multipart
 * part each land whole in their file, and the peaks are reported then started afresh.
 */
class UploadBenchTest {

    @TempDir
    Path folder;

    @Test
    void writesARawBodyAndAMultipartPartToTheirFilesAndReportsPeaks() throws Exception {
        byte[] upload = new byte[3 * 1024 * 1024 + 7];
        new Random(18).nextBytes(upload);
        try (var app = UploadBench.create("http://127.0.0.1:0", folder, MemoryPeaks.start());
                var client = HttpClient.newHttpClient()) {
            app.start();
            String base = app.listeningUrls().getFirst();

            var raw = client.send(HttpRequest.newBuilder(URI.create(base + "/raw"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(raw.body()).isEqualTo("raw " + upload.length);
            assertThat(Files.readAllBytes(folder.resolve("raw.bin"))).isEqualTo(upload);

            byte[] head = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"u.bin\"\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\r\n--xyz--\r\n".getBytes(StandardCharsets.US_ASCII);
            var multipart = client.send(HttpRequest.newBuilder(URI.create(base + "/multipart"))
                    .header("Content-Type", "multipart/form-data; boundary=xyz")
                    .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofByteArray(upload), HttpRequest.BodyPublishers.ofByteArray(tail)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(multipart.body()).isEqualTo("multipart " + upload.length);
            assertThat(Files.readAllBytes(folder.resolve("part.bin"))).isEqualTo(upload);

            String peaks = client.send(HttpRequest.newBuilder(URI.create(base + "/peaks")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(peaks).matches("heap \\d+ MiB, rss \\d+ MiB");
            assertThat(MemoryPeaks.residentSetSize()).as("VmRSS read on Linux").isPositive();
        }
    }
}
