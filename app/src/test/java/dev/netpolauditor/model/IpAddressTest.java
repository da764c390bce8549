package dev.netpolauditor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void ipv4IsFourBytesAndKeepsItsText() {
        IpAddress a = IpAddress.parse("10.1.2.3");
        assertTrue(a.isV4());
        assertArrayEquals(new byte[] {10, 1, 2, 3}, a.bytes());
        assertEquals("10.1.2.3", a.text());
        assertEquals("10.1.2.3", a.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "::,                       00000000000000000000000000000000",
        "::1,                      00000000000000000000000000000001",
        "2001:db8::1,              20010db8000000000000000000000001",
        "2001:DB8:0:0:0:0:0:1,     20010db8000000000000000000000001",
        "1:2:3:4:5:6:7:8,          00010002000300040005000600070008",
        "fe80::,                   fe800000000000000000000000000000",
        "1::8,                     00010000000000000000000000000008",
        "::ffff:10.1.2.3,          00000000000000000000ffff0a010203",
        "64:ff9b::192.0.2.33,      0064ff9b0000000000000000c0000221"})
    void ipv6IsSixteenBytes(String text, String bytes) {
        IpAddress a = IpAddress.parse(text);
        assertFalse(a.isV4());
        assertArrayEquals(hex(bytes), a.bytes());
    }

    @Test
    void ipv4MappedIpv6AddressStaysIpv6() {
        IpAddress mapped = IpAddress.parse("::ffff:10.1.2.3");
        assertFalse(mapped.isV4());
        assertEquals(16, mapped.bytes().length);
    }

    @Test
    void differentSpellingsOfOneAddressAreDifferentValues() {
        // the CLI keeps "2001:db8::1" and "2001:DB8::1" as separate endpoints
        IpAddress lower = IpAddress.parse("2001:db8::1");
        IpAddress upper = IpAddress.parse("2001:DB8::1");
        assertArrayEquals(lower.bytes(), upper.bytes());
        assertNotEquals(lower, upper);
        assertEquals(lower, IpAddress.parse("2001:db8::1"));
        assertEquals(lower.hashCode(), IpAddress.parse("2001:db8::1").hashCode());
    }

    @Test
    void bytesAreACopy() {
        IpAddress a = IpAddress.parse("10.1.2.3");
        a.bytes()[0] = 99;
        assertArrayEquals(new byte[] {10, 1, 2, 3}, a.bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.256", "10.0.0", "10.0.0.0.0", "10..0.1", "010.0.0.1", "10.0.0.-1", "10.0.0.1 ", " 10.0.0.1",
        "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "::g", ":1::", "1:2:3:4:5:6:7:8::",
        "::ffff:10.0.0.256", "::10.0.0.1:1",
        "hostname", "localhost", "", "10.0.0.0/8"})
    void malformedAddressesAreRejected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), "the message names the value: " + e.getMessage());
    }
}
