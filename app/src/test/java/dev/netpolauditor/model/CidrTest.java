package dev.netpolauditor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static boolean contains(String cidr, String address) {
        return Cidr.parse(cidr).contains(IpAddress.parse(address));
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8,      10.0.0.0,        true",
        "10.0.0.0/8,      10.255.255.255,  true",
        "10.0.0.0/8,      11.0.0.0,        false",
        "10.0.0.0/8,      9.255.255.255,   false",
        "10.9.198.2/32,   10.9.198.2,      true",
        "10.9.198.2/32,   10.9.198.3,      false",
        "0.0.0.0/0,       203.0.113.7,     true",
        "172.16.0.0/12,   172.31.255.255,  true",
        "172.16.0.0/12,   172.32.0.0,      false",
        "2001:db8::/32,   2001:db8:ffff::1, true",
        "2001:db8::/32,   2001:db9::1,     false",
        "::/0,            2001:db8::1,     true",
        "::1/128,         ::1,             true",
        "::1/128,         ::2,             false"})
    void containsAddressesOfItsNetworkOnly(String cidr, String address, boolean expected) {
        assertEquals(expected, contains(cidr, address));
    }

    @Test
    void hostBitsAreAcceptedAndMeanTheNetwork() {
        Cidr cidr = Cidr.parse("10.0.0.1/24");
        assertEquals(24, cidr.prefix());
        assertEquals(Cidr.parse("10.0.0.0/24").network(), cidr.network());
        assertTrue(cidr.contains(IpAddress.parse("10.0.0.200")));
        assertTrue(cidr.contains(IpAddress.parse("10.0.0.0")));
        assertFalse(cidr.contains(IpAddress.parse("10.0.1.0")));
        assertEquals("10.0.0.1/24", cidr.toString(), "keeps the text as written");
    }

    @Test
    void hostBitsOfIpv6AreClearedToo() {
        assertTrue(contains("2001:db8::1/64", "2001:db8::ffff"));
        assertFalse(contains("2001:db8::1/64", "2001:db8:0:1::"));
    }

    @Test
    void ipv4AndIpv6NeverMatchEachOther() {
        assertFalse(contains("0.0.0.0/0", "2001:db8::1"));
        assertFalse(contains("0.0.0.0/0", "::"));
        assertFalse(contains("::/0", "10.1.2.3"));
        assertFalse(contains("::/0", "0.0.0.0"));
    }

    @Test
    void ipv4MappedIpv6AddressIsNotInsideAnIpv4Block() {
        assertFalse(contains("10.0.0.0/8", "::ffff:10.1.2.3"));
        assertFalse(contains("0.0.0.0/0", "::ffff:10.1.2.3"));
        assertTrue(contains("::ffff:0:0/96", "::ffff:10.1.2.3"));
        assertTrue(contains("::/0", "::ffff:10.1.2.3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/x", "10.0.0.256/8",
        "/8", "2001:db8::/129", "1::2::3/64", "hostname/24", "hostname", "2001:db8::", ""})
    void malformedCidrsAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    @Test
    void familyIsThatOfTheAddress() {
        assertTrue(Cidr.parse("10.0.0.0/8").isV4());
        assertFalse(Cidr.parse("::ffff:10.0.0.0/104").isV4());
        assertTrue(Cidr.parse("0.0.0.0/32").isV4());
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8,      10.1.0.0/16,      true",
        "10.0.0.0/8,      10.255.255.255/32, true",
        "0.0.0.0/0,       10.0.0.0/8,       true",
        "10.0.0.0/8,      10.0.0.0/8,       false",
        "10.0.0.0/8,      10.1.2.3/8,       false",
        "10.0.0.0/8,      11.0.0.0/16,      false",
        "10.0.0.0/16,     10.0.0.0/8,       false",
        "10.0.0.0/8,      ::ffff:10.0.0.0/104, false",
        "::/0,            10.0.0.0/8,       false",
        "0.0.0.0/0,       ::/1,             false",
        "2001:db8::/32,   2001:db8:1::/48,  true",
        "2001:db8::/32,   2001:db8::/32,    false",
        "2001:db8::/32,   2001:db9::/48,    false"})
    void strictlyContainsIsASmallerNetworkOfTheSameFamilyInside(String outer, String inner, boolean expected) {
        assertEquals(expected, Cidr.parse(outer).strictlyContains(Cidr.parse(inner)));
    }

    @Test
    void ipBlockExcludesItsExceptNetworks() {
        Peer.IpBlock block = new Peer.IpBlock(Cidr.parse("10.0.0.0/8"),
                List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("10.2.3.4/32")));
        assertTrue(block.contains(IpAddress.parse("10.0.0.1")));
        assertFalse(block.contains(IpAddress.parse("10.1.2.3")));
        assertFalse(block.contains(IpAddress.parse("10.2.3.4")));
        assertTrue(block.contains(IpAddress.parse("10.2.3.5")));
        assertFalse(block.contains(IpAddress.parse("11.0.0.1")));
        assertFalse(block.contains(IpAddress.parse("::ffff:10.0.0.1")));
    }
}
