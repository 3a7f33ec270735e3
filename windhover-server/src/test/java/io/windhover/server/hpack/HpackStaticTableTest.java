package io.windhover.server.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HpackStaticTableTest {

    private static int nameIdOfBytes(String name) {
        byte[] padded = ("xx" + name + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return HpackStaticTable.nameId(padded, 2, name.length());
    }

    @Test
    void everyEntrysNameHasTheIdOfItsFirstEntry() {
        for (int index = 1; index <= HpackStaticTable.LENGTH; index++) {
            String name = new String(HpackStaticTable.name(index), StandardCharsets.ISO_8859_1);
            int id = HpackStaticTable.nameIdOf(index);
            assertThat(id).as(name).isLessThanOrEqualTo(index);
            assertThat(new String(HpackStaticTable.name(id), StandardCharsets.ISO_8859_1)).isEqualTo(name);
            assertThat(nameIdOfBytes(name)).as(name).isEqualTo(id);
            assertThat(HpackStaticTable.nameId(name)).as(name).isEqualTo(id);
            assertThat(HpackStaticTable.nameOf(id)).isEqualTo(name);
        }
    }

    @Test
    void theAppendixAEntriesTheConstantsName() {
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.AUTHORITY)).isEqualTo(":authority");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.METHOD)).isEqualTo(":method");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.PATH)).isEqualTo(":path");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.SCHEME)).isEqualTo(":scheme");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.STATUS)).isEqualTo(":status");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.ACCEPT_ENCODING)).isEqualTo("accept-encoding");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.AUTHORIZATION)).isEqualTo("authorization");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.CONTENT_LENGTH)).isEqualTo("content-length");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.CONTENT_TYPE)).isEqualTo("content-type");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.COOKIE)).isEqualTo("cookie");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.HOST)).isEqualTo("host");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.PROXY_AUTHORIZATION)).isEqualTo("proxy-authorization");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.SET_COOKIE)).isEqualTo("set-cookie");
        assertThat(HpackStaticTable.nameOf(HpackStaticTable.TRANSFER_ENCODING)).isEqualTo("transfer-encoding");
        assertThat(new String(HpackStaticTable.value(2), StandardCharsets.ISO_8859_1)).isEqualTo("GET");
        assertThat(new String(HpackStaticTable.name(61), StandardCharsets.ISO_8859_1)).isEqualTo("www-authenticate");
    }

    @Test
    void namesPastTheTableHaveIdsAndOthersNone() {
        assertThat(nameIdOfBytes(":protocol")).isEqualTo(HpackStaticTable.PROTOCOL);
        assertThat(nameIdOfBytes("te")).isEqualTo(HpackStaticTable.TE);
        assertThat(nameIdOfBytes("connection")).isEqualTo(HpackStaticTable.CONNECTION);
        assertThat(nameIdOfBytes("keep-alive")).isEqualTo(HpackStaticTable.KEEP_ALIVE);
        assertThat(nameIdOfBytes("proxy-connection")).isEqualTo(HpackStaticTable.PROXY_CONNECTION);
        assertThat(nameIdOfBytes("upgrade")).isEqualTo(HpackStaticTable.UPGRADE);
        for (String other : new String[] {"", "x", "Host", ":PATH", "hos", "hostt", "te ", "cookie2", "x-request-id"}) {
            assertThat(nameIdOfBytes(other)).as(other).isEqualTo(HpackStaticTable.UNKNOWN_NAME);
            assertThat(HpackStaticTable.nameId(other)).as(other).isEqualTo(HpackStaticTable.UNKNOWN_NAME);
        }
    }

    @Test
    void findsExactFieldsForTheEncoder() {
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.METHOD, "POST")).isEqualTo(3);
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.PATH, "/index.html")).isEqualTo(5);
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.SCHEME, "https")).isEqualTo(7);
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.STATUS, "500")).isEqualTo(14);
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.STATUS, "501")).isZero();
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.STATUS, "20x")).isZero();
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.ACCEPT_ENCODING, "gzip, deflate")).isEqualTo(16);
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.HOST, "")).isEqualTo(38);
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.HOST, "h")).isZero();
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.METHOD, "")).isZero();
        assertThat(HpackStaticTable.fieldIndex(HpackStaticTable.PROTOCOL, "")).as("past the table").isZero();
    }
}
