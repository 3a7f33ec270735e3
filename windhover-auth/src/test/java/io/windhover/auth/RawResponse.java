package io.windhover.auth;

import java.util.ArrayList;
import java.util.List;

/** An HTTP/1.1 response as received: the status, the header lines as sent, and the body as text. */
public record RawResponse(int status, List<String> headerLines, String body, String raw) {

    static RawResponse parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalArgumentException("no complete head in: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        return new RawResponse(status, headers, raw.substring(end + 4), raw);
    }

    /** Every value of {@code name}, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (line.substring(0, colon).equalsIgnoreCase(name)) {
                values.add(line.substring(colon + 1).strip());
            }
        }
        return values;
    }

    /** The first value of {@code name}, or null. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.getFirst();
    }
}
