package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.server.HttpLimits;
import io.windhover.web.middleware.ExceptionHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Forms through the whole server as wire transcripts, over a socket and in memory: URL-encoded and
 * multipart bodies read and bound, each {@link FormOptions} limit at its edge and one over with the
 * exact answer, malformed bodies named, and uploads' temporary files gone when the request ends.
 */
@ParameterizedClass
@EnumSource(TestHost.Kind.class)
class FormTest {

    public record Signup(String email, int age, List<String> topics, boolean news) {
    }

    /** The body length limit of the {@code /small} endpoint, so that crossing it takes few bytes. */
    private static final int SMALL = 1_000;

    @Parameter
    TestHost.Kind kind;

    @TempDir
    Path uploads;

    private TestHost host;
    private final List<Path> spooled = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        var app = WebApplication.create().server(server -> server.shutdownTimeout(Duration.ofSeconds(1))
                .httpLimits(HttpLimits.defaults().withMaxRequestBodySize(Long.MAX_VALUE)));
        app.formOptions(FormOptions.builder().tempDirectory(uploads).build());
        app.use(new ExceptionHandler(false));
        app.post("/fields", context -> context.form().fields().toString());
        app.post("/signup", context -> context.form(Signup.class));
        app.post("/files", context -> {
            Form form = context.form();
            form.files().forEach(file -> spooled.add(file.path()));
            return form.fields() + " " + form.files().stream()
                    .map(file -> file.name() + ":" + file.fileName() + ":" + file.contentType() + ":" + file.length()
                            + ":" + Files.exists(file.path()))
                    .collect(Collectors.joining(","));
        });
        app.post("/fails-after-reading", context -> {
            context.form().files().forEach(file -> spooled.add(file.path()));
            throw new IllegalStateException("the handler fails after the upload");
        });
        app.post("/small", context -> {
            context.formOptions(context.formOptions().toBuilder().bodyLengthLimit(SMALL).valueLengthLimit(10).build());
            return "fields " + context.form().fields().size();
        });
        host = TestHost.start(kind, app);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
    }

    private String post(String target, String contentType, String body) throws Exception {
        return host.post(target, contentType, body);
    }

    private String postChunked(String target, String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(bytes.length) + "\r\n";
        return new String(host.exchange(concat(head.getBytes(StandardCharsets.UTF_8), bytes, "\r\n0\r\n\r\n".getBytes())),
                StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String multipart(String boundary, String... parts) {
        var body = new StringBuilder();
        for (String part : parts) {
            body.append("--").append(boundary).append("\r\n").append(part).append("\r\n");
        }
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    private static String field(String name, String value) {
        return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
    }

    private static String file(String name, String fileName, String type, String content) {
        return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\nContent-Type: "
                + type + "\r\n\r\n" + content;
    }

    private static final String URLENCODED = "application/x-www-form-urlencoded";

    private static void assertProblem(String response, int status, String title, String detail) {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ").contains("Content-Type: application/problem+json\r\n")
                .endsWith("\r\n\r\n{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }

    private static void assertOk(String response, String body) {
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n" + body);
    }

    @Test
    void readsUrlEncodedFields() throws Exception {
        assertOk(post("/fields", URLENCODED + "; charset=utf-8", "a=1&b=x+y&a=2&c=caf%C3%A9&empty=&flag&&d=100%"),
                "{a=[1, 2], b=[x y], c=[caf\u00e9], empty=[], flag=[], d=[100%]}");
    }

    @Test
    void bindsUrlEncodedFieldsToARecord() throws Exception {
        assertOk(post("/signup", URLENCODED, "email=a%40b.c&age=42&topics=java&news=true"),
                "{\"email\":\"a@b.c\",\"age\":42,\"topics\":[\"java\"],\"news\":true}");
        assertOk(post("/signup", URLENCODED, "email=x&age=1&topics=a&topics=b"),
                "{\"email\":\"x\",\"age\":1,\"topics\":[\"a\",\"b\"],\"news\":false}");
    }

    @Test
    void aFieldThatCannotBeBoundIsA400NamingIt() throws Exception {
        String response = post("/signup", URLENCODED, "age=old");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"detail\":\"the form cannot be read: ")
                .contains("'age'").contains("\"parameter\":\"form\"");
    }

    @Test
    void readsMultipartFieldsAndFilesAndDeletesTheFilesWhenTheRequestEnds() throws Exception {
        String body = multipart("b0undary", field("title", "Buy milk"), file("file", "list.txt", "text/plain", "milk\r\neggs"),
                file("file", "empty.bin", "application/octet-stream", ""));
        assertOk(post("/files", "multipart/form-data; boundary=b0undary", body),
                "{title=[Buy milk]} file:list.txt:text/plain:10:true,file:empty.bin:application/octet-stream:0:true");
        assertThat(spooled).hasSize(2).allSatisfy(path -> {
            assertThat(path.getParent()).isEqualTo(uploads);
            assertThat(path).doesNotExist();
        });
    }

    @Test
    void deletesTheFilesWhenTheHandlerFails() throws Exception {
        String body = multipart("b", file("file", "a.txt", "text/plain", "abc"));
        assertThat(post("/fails-after-reading", "multipart/form-data; boundary=b", body)).startsWith("HTTP/1.1 500 ");
        assertThat(spooled).hasSize(1).allSatisfy(path -> assertThat(path).doesNotExist());
    }

    @Test
    void deletesTheFilesOfABodyThatEndsEarly() throws Exception {
        String body = multipart("b", file("file", "a.txt", "text/plain", "abc"));
        String cut = body.substring(0, body.indexOf("abc") + 2);
        assertProblem(postChunked("/files", "multipart/form-data; boundary=b", cut), 400, "Bad Request",
                "the multipart body ended before its close delimiter");
        try (var left = Files.list(uploads)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aBodyThatIsNotAFormIs415() throws Exception {
        assertProblem(post("/fields", "application/json", "{}"), 415, "Unsupported Media Type",
                "expected a form body (application/x-www-form-urlencoded or multipart/form-data), not 'application/json'");
    }

    @Test
    void malformedMultipartBodiesAre400sNamingTheProblem() throws Exception {
        assertProblem(post("/files", "multipart/form-data", "x"), 400, "Bad Request",
                "multipart/form-data needs a boundary parameter: 'Content-Type: multipart/form-data; boundary=...'");
        assertProblem(post("/files", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--"),
                400, "Bad Request", "a part's header line is not 'Name: value': 'Content-Disposition form-data'");
        assertProblem(post("/files", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx"),
                400, "Bad Request", "the multipart body ended before its close delimiter");
    }

    // FormOptions limits at their defaults: at the limit, and one over.

    @Test
    void valueCountLimitIs1024() throws Exception {
        String fields = IntStream.range(0, 1024).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining("&"));
        assertOk(post("/fields", URLENCODED, fields).replaceAll("\\{.*}", "{}"), "{}");
        assertProblem(post("/fields", URLENCODED, fields + "&one=more"), 400, "Bad Request",
                "the form has more than 1024 values (FormOptions.valueCountLimit)");
        String[] parts = IntStream.range(0, 1024).mapToObj(i -> field("k" + i, "v")).toArray(String[]::new);
        assertThat(post("/files", "multipart/form-data; boundary=b", multipart("b", parts))).startsWith("HTTP/1.1 200 OK\r\n");
        String[] over = IntStream.range(0, 1025).mapToObj(i -> field("k" + i, "v")).toArray(String[]::new);
        assertProblem(post("/files", "multipart/form-data; boundary=b", multipart("b", over)), 400, "Bad Request",
                "the form has more than 1024 values (FormOptions.valueCountLimit)");
    }

    @Test
    void keyLengthLimitIs2048() throws Exception {
        assertThat(post("/fields", URLENCODED, "k".repeat(2048) + "=v")).startsWith("HTTP/1.1 200 OK\r\n");
        assertProblem(post("/fields", URLENCODED, "k".repeat(2049) + "=v"), 400, "Bad Request",
                "a form key is longer than 2048 characters (FormOptions.keyLengthLimit)");
        assertThat(post("/files", "multipart/form-data; boundary=b", multipart("b", field("k".repeat(2048), "v"))))
                .startsWith("HTTP/1.1 200 OK\r\n");
        assertProblem(post("/files", "multipart/form-data; boundary=b", multipart("b", field("k".repeat(2049), "v"))), 400,
                "Bad Request", "a form key is longer than 2048 characters (FormOptions.keyLengthLimit)");
    }

    @Test
    void partHeadersLimitIs16KiB() throws Exception {
        // Content-Disposition's line with its CRLF, an X-Pad line filling the rest, and the empty line's CRLF.
        String disposition = "Content-Disposition: form-data; name=\"a\"\r\n";
        int pad = 16 * 1024 - disposition.length() - "X-Pad: \r\n".length() - 2;
        String exactly = disposition + "X-Pad: " + "p".repeat(pad) + "\r\n\r\nv";
        assertOk(post("/fields", "multipart/form-data; boundary=b", multipart("b", exactly)), "{a=[v]}");
        String over = disposition + "X-Pad: " + "p".repeat(pad + 1) + "\r\n\r\nv";
        assertProblem(post("/fields", "multipart/form-data; boundary=b", multipart("b", over)), 400, "Bad Request",
                "a part's headers are longer than 16384 bytes (FormOptions.multipartHeadersLengthLimit)");
    }

    @Test
    void boundaryLengthLimitIs70() throws Exception {
        String seventy = "b".repeat(70);
        assertOk(post("/fields", "multipart/form-data; boundary=\"" + seventy + "\"", multipart(seventy, field("a", "1"))), "{a=[1]}");
        String seventyOne = "b".repeat(71);
        assertProblem(post("/fields", "multipart/form-data; boundary=" + seventyOne, multipart(seventyOne, field("a", "1"))), 400,
                "Bad Request", "the multipart boundary is longer than 70 characters (FormOptions.multipartBoundaryLengthLimit)");
    }

    @Test
    void bodyLengthLimitAnswers413FromContentLengthAndWhileReadingAChunkedBody() throws Exception {
        String exactly = "a=" + "x".repeat(8) + "&" + "b".repeat(SMALL - 12) + "=";
        assertThat(exactly).hasSize(SMALL);
        assertOk(post("/small", URLENCODED, exactly), "fields 2");
        assertOk(postChunked("/small", URLENCODED, exactly), "fields 2");
        String detail = "the form body is longer than 1000 bytes (FormOptions.bodyLengthLimit)";
        assertProblem(post("/small", URLENCODED, exactly + "c"), 413, "Content Too Large", detail);
        assertProblem(postChunked("/small", URLENCODED, exactly + "c"), 413, "Content Too Large", detail);
        String file = multipart("b", file("f", "a.bin", "application/octet-stream", "z".repeat(SMALL)));
        assertProblem(postChunked("/small", "multipart/form-data; boundary=b", file), 413, "Content Too Large", detail);
        try (var left = Files.list(uploads)) {
            assertThat(left).as("the file cut short is deleted").isEmpty();
        }
    }

    @Test
    void valueLengthLimitAppliesToFieldsInMemory() throws Exception {
        assertOk(post("/small", URLENCODED, "a=" + "x".repeat(10)), "fields 1");
        assertProblem(post("/small", URLENCODED, "a=" + "x".repeat(11)), 400, "Bad Request",
                "a form value is longer than 10 bytes (FormOptions.valueLengthLimit)");
        assertProblem(post("/small", "multipart/form-data; boundary=b", multipart("b", field("a", "x".repeat(11)))), 400,
                "Bad Request", "a form value is longer than 10 bytes (FormOptions.valueLengthLimit)");
    }
}
