package io.windhover.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.windhover.server.http.HttpContext;
import io.windhover.server.http.HttpRequest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the query parsing and decoding behind {@link WebContext#queryValues()} with the input,
 * read as UTF-8, as the request's query. Whatever the text, it checks that
 * <ul>
 *   <li>parsing never throws, and gives what {@link #referenceParse} gives: pairs split at
 *       {@code &} and the first {@code =}, each part decoded as
 *       {@code application/x-www-form-urlencoded} ({@code +} a space, {@code %} and two ASCII
 *       hexadecimal digits a byte, the bytes UTF-8), a part with a malformed escape kept as written,
 *       as documented;</li>
 *   <li>it round-trips: a name and a value encoded by {@link URLEncoder} come back as they were, for
 *       every string; a valid part (ASCII, well-formed escapes, UTF-8 bytes) re-encoded by
 *       {@link URLEncoder} after decoding is its canonical encoding.</li>
 * </ul>
 *
 * <p>The seed corpus is in {@code QueryDecodingFuzzTestInputs/query}, one query per file;
 * {@code bin/fuzz query-decoding 120} fuzzes for two minutes.
 */
class QueryDecodingFuzzTest {

    @DictionaryFile(resourcePath = "/fuzz-dictionaries/query-decoding.dict")
    @FuzzTest
    void query(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        assertThat(queryValues("?" + text)).as("query %s", text).isEqualTo(referenceParse(text));
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);
        assertThat(queryValues("?" + encoded + "=" + encoded)).as("encoded %s", text)
                .isEqualTo(Map.of(text, List.of(text)));
        for (String pair : text.split("&")) {
            for (String part : pair.split("=", 2)) {
                byte[] bytes = validPartBytes(part);
                if (bytes != null) {
                    String decoded = queryValues("?" + part).keySet().stream().findFirst().orElse("");
                    assertThat(URLEncoder.encode(decoded, StandardCharsets.UTF_8)).as("encode(decode(%s))", part)
                            .isEqualTo(URLEncoder.encode(new String(bytes, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** {@link WebContext#queryValues()} for a request whose query is {@code query}. */
    static Map<String, List<String>> queryValues(String query) {
        HttpRequest request = (HttpRequest) Proxy.newProxyInstance(HttpRequest.class.getClassLoader(),
                new Class<?>[] {HttpRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "query" -> query;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        HttpContext http = (HttpContext) Proxy.newProxyInstance(HttpContext.class.getClassLoader(),
                new Class<?>[] {HttpContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "request" -> request;
                    case "response" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new WebContext(http, WebSettings.defaults(null)).queryValues();
    }

    /** The documented parsing, written independently: see the class comment. */
    static Map<String, List<String>> referenceParse(String text) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int at = 0;
        while (at <= text.length()) {
            int amp = text.indexOf('&', at);
            String pair = text.substring(at, amp < 0 ? text.length() : amp);
            at = amp < 0 ? text.length() + 1 : amp + 1;
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = referenceDecode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : referenceDecode(pair.substring(equals + 1));
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return values;
    }

    /** One part: '+' a space, runs of escapes decoded as UTF-8; kept as written if any escape is malformed. */
    static String referenceDecode(String part) {
        var out = new StringBuilder();
        var run = new ByteArrayOutputStream();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length() || !isHex(part.charAt(i + 1)) || !isHex(part.charAt(i + 2))) {
                    return part;
                }
                run.write(Integer.parseInt(part, i + 1, i + 3, 16));
                i += 2;
                continue;
            }
            out.append(run.toString(StandardCharsets.UTF_8));
            run.reset();
            out.append(c == '+' ? ' ' : c);
        }
        return out.append(run.toString(StandardCharsets.UTF_8)).toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The bytes a query part stands for if it is valid (ASCII, no '&' or '=', escapes well formed, UTF-8), else null. */
    private static byte[] validPartBytes(String part) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length() || !isHex(part.charAt(i + 1)) || !isHex(part.charAt(i + 2))) {
                    return null;
                }
                bytes.write(Integer.parseInt(part, i + 1, i + 3, 16));
                i += 2;
            } else if (c < 0x80 && c != '&' && c != '=') {
                bytes.write(c == '+' ? ' ' : c);
            } else {
                return null;
            }
        }
        if (bytes.size() == 0) {
            return null; // an empty part names nothing
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            return null;
        }
        return bytes.toByteArray();
    }
}
