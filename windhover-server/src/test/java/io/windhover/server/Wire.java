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
