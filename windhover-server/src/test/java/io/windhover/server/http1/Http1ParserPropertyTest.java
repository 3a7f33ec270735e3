package io.windhover.server.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.windhover.buffers.BufferSequence;
import io.windhover.buffers.SequenceReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid request heads and chunked bodies (a bounded, seeded stand-in for the
 * fuzzing to come): whatever the bytes, the parsers either succeed or throw
 * {@link BadRequestException} — nothing else — and give the same outcome however the bytes are
 * split into segments.
 */
class Http1ParserPropertyTest {

    private static final String[] SEEDS = {
        "GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n",
        "POST /a?b=c HTTP/1.0\r\nContent-Length: 5\r\nX-Y:  z \r\n\r\nhello",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "CONNECT h:443 HTTP/1.1\r\n\r\n",
    };
    private static final byte[] INTERESTING = ascii(" \t\r\n:;\"\\/?*%\u0000\u007f\u0080\u00ffaZ0");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] data = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(data.length);
            byte value = INTERESTING[random.nextInt(INTERESTING.length)];
            switch (random.nextInt(3)) {
                case 0 -> data[at] = value;
                case 1 -> { // insert
                    byte[] grown = new byte[data.length + 1];
                    System.arraycopy(data, 0, grown, 0, at);
                    grown[at] = value;
                    System.arraycopy(data, at, grown, at + 1, data.length - at);
                    data = grown;
                }
                default -> { // delete
                    if (data.length > 1) {
                        byte[] shrunk = new byte[data.length - 1];
                        System.arraycopy(data, 0, shrunk, 0, at);
                        System.arraycopy(data, at + 1, shrunk, at, data.length - at - 1);
                        data = shrunk;
                    }
                }
            }
        }
        return data;
    }

    /** The outcome of parsing a whole head: what was reported and consumed, or the rejection reason. */
    private static String outcome(BufferSequence buffer) {
        var handler = new RecordingHandler();
        var reader = new SequenceReader(buffer);
        try {
            if (!Http1Parser.parseRequestLine(reader, handler)) {
                return "incomplete line, consumed " + reader.consumed();
            }
            String line = handler.method + " " + handler.methodToken + " " + handler.target + " " + handler.version;
            if (!Http1Parser.parseHeaders(reader, handler, 100)) {
                return line + " | incomplete headers, consumed " + reader.consumed();
            }
            return line + " | " + handler.headers + " | consumed " + reader.consumed();
        } catch (BadRequestException e) {
            return "rejected " + e.reason();
        }
    }

    @Test
    void mutatedHeadsAreParsedOrRejectedTheSameAtEverySplit() {
        var random = new SplittableRandom(2026);
        for (int round = 0; round < 3_000; round++) {
            byte[] data = mutate(ascii(SEEDS[random.nextInt(SEEDS.length)]), random);
            String whole = outcome(BufferSequence.of(data));
            int cut = random.nextInt(data.length + 1);
            String split = outcome(BufferSequence.of(Arrays.copyOf(data, cut), Arrays.copyOfRange(data, cut, data.length)));
            assertThat(split).as("split at %d of %s", cut, new String(data, StandardCharsets.ISO_8859_1)).isEqualTo(whole);
        }
    }

    @Test
    void mutatedChunkedBodiesAreDecodedOrRejectedTheSameAtEverySplit() {
        byte[] seed = ascii("4\r\nWiki\r\n5;a=\"b\"\r\npedia\r\n0\r\nT: v\r\n\r\n");
        var random = new SplittableRandom(7);
        for (int round = 0; round < 3_000; round++) {
            byte[] data = mutate(seed, random);
            String whole = decode(BufferSequence.of(data));
            int cut = random.nextInt(data.length + 1);
            String split = decode(BufferSequence.of(Arrays.copyOf(data, cut), Arrays.copyOfRange(data, cut, data.length)));
            assertThat(split).as("split at %d", cut).isEqualTo(whole);
        }
    }

    private static String decode(BufferSequence buffer) {
        var data = new StringBuilder();
        var reader = new SequenceReader(buffer);
        try {
            boolean done = new ChunkedBodyDecoder(10).decode(reader, new ChunkedBodyDecoder.Sink() {
                @Override
                public void onData(BufferSequence b, long start, long end) {
                    data.append(b.slice(start, end));
                }

                @Override
                public void onTrailer(BufferSequence b, long nameStart, long nameEnd, long valueStart, long valueEnd) {
                    data.append('[').append(b.slice(nameStart, nameEnd)).append(']');
                }
            });
            return (done ? "done " : "incomplete ") + data + " consumed " + reader.consumed();
        } catch (BadRequestException e) {
            return "rejected " + e.reason();
        }
    }
}
