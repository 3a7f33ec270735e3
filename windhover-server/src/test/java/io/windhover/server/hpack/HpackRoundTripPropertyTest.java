package io.windhover.server.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random response header lists through one encoder and one decoder, as over a connection: every
 * block decodes to the fields encoded (names lower-cased), the two tables stay the same size and
 * length, and the peer's table size changes now and then between blocks. Each block is also fed
 * to the decoder in random fragments. Seeded, so that a failure replays.
 */
class HpackRoundTripPropertyTest {

    private static final String[] NAMES = {
        "content-type", "content-length", "date", "server", "cache-control", "etag", "location", "vary",
        "set-cookie", "authorization", "cookie", "X-Request-Id", "x-custom", "X-Trace", "access-control-allow-origin",
        "strict-transport-security", "x-auth-token", ":status", "content-encoding", "last-modified",
    };
    private static final String[] VALUES = {
        "", "text/plain", "application/json; charset=utf-8", "gzip", "0", "1234", "no-cache", "private",
        "Mon, 21 Oct 2013 20:13:21 GMT", "https://www.example.com/a/b?c=d", "5f2b8c0e9a7d4e31b6c1a2f3e4d5c6b7",
        "accept-encoding", "caf\u00e9 \u00ff\u0080", "a=b; Path=/; HttpOnly",
    };

    private static String randomValue(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> VALUES[random.nextInt(VALUES.length)];
            case 2 -> {
                var text = new StringBuilder();
                int length = random.nextInt(random.nextInt(10) == 0 ? 5_000 : 40);
                for (int i = 0; i < length; i++) {
                    text.append((char) (random.nextInt(8) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5F)));
                }
                yield text.toString();
            }
            default -> Integer.toString(random.nextInt(1_000));
        };
    }

    private static String randomName(SplittableRandom random) {
        return random.nextInt(5) == 0 ? "x-n" + random.nextInt(50) : NAMES[random.nextInt(NAMES.length)];
    }

    @Test
    void randomResponsesRoundTripWithTheTablesInStep() throws Exception {
        var random = new SplittableRandom(7541);
        for (int connection = 0; connection < 40; connection++) {
            int cap = random.nextInt(3) == 0 ? random.nextInt(600) : 4_096;
            var encoder = new HpackEncoder(cap, random.nextBoolean());
            var decoder = new HpackDecoder(4_096, 8_192, 1 << 20);
            var block = new HeaderBlockBuffer(16);
            for (int response = 0; response < 60; response++) {
                if (random.nextInt(15) == 0) {
                    int setting = random.nextInt(3) == 0 ? 0 : random.nextInt(8_192);
                    encoder.setPeerMaxTableSize(setting);
                    decoder.setMaxTableSize(setting);
                    if (random.nextBoolean()) {
                        int again = random.nextInt(8_192);
                        encoder.setPeerMaxTableSize(again);
                        decoder.setMaxTableSize(again);
                    }
                }
                List<String> expected = new ArrayList<>();
                block.reset();
                encoder.beginBlock(block);
                if (random.nextBoolean()) {
                    int status = 100 + random.nextInt(500);
                    encoder.encodeStatus(status, block);
                    expected.add(":status: " + status);
                }
                int fields = random.nextInt(12);
                for (int f = 0; f < fields; f++) {
                    String name = randomName(random);
                    String value = randomValue(random);
                    encoder.encode(name, value, block);
                    expected.add(name.toLowerCase(Locale.ROOT) + ": " + value);
                }

                byte[] bytes = block.toByteArray();
                var handler = new RecordingHeaderHandler();
                int from = 0;
                while (from < bytes.length && random.nextInt(3) == 0) {
                    int cut = from + random.nextInt(bytes.length - from + 1);
                    decoder.decode(bytes, from, cut - from, false, handler);
                    from = cut;
                }
                decoder.decode(bytes, from, bytes.length - from, true, handler);

                String where = "connection " + connection + " response " + response;
                assertThat(handler.fields).as(where).isEqualTo(expected);
                assertThat(decoder.table().length()).as(where).isEqualTo(encoder.table().length());
                assertThat(decoder.table().size()).as(where).isEqualTo(encoder.table().size());
                assertThat(decoder.table().maxSize()).as(where).isEqualTo(encoder.table().maxSize());
            }
        }
    }
}
