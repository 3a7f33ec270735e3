package io.windhover.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Helpers the real-socket HTTP tests share: the bound port, raw bytes, reading to the close. */
final class Wire {

    private Wire() {
    }

    /** The port of the server's first listening URL. */
    static int port(WindhoverServer server) {
        String url = server.listeningUrls().getFirst();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One response framed by Content-Length, read byte by byte so nothing of the next one is taken. */
    static String readResponse(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("closed after " + head.length() + " bytes of a response head: " + head);
            }
            head.append((char) b);
        }
        var length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.ISO_8859_1);
    }

    /** One chunked response: its head, then the decoded body (extensions and trailers are not expected). */
    static String readChunkedResponse(InputStream in) throws IOException {
        String head = readLine(in, "");
        while (!head.endsWith("\r\n\r\n")) {
            head = readLine(in, head);
        }
        var body = new StringBuilder();
        while (true) {
            int size = Integer.parseInt(readLine(in, "").strip(), 16);
            if (size == 0) {
                readLine(in, ""); // the CRLF after the last chunk
                return head + body;
            }
            body.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
            readLine(in, "");
        }
    }

    private static String readLine(InputStream in, String before) throws IOException {
        var line = new StringBuilder(before);
        do {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("closed in a line: " + line);
            }
            line.append((char) b);
        } while (line.charAt(line.length() - 1) != '\n');
        return line.toString();
    }

    /** Everything until the server closes; what arrived before a reset counts too. */
    static String readToEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, n);
            }
        } catch (SocketException reset) {
            // an abort: the transcript is what came before it
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
