package dev.netpolauditor.model;

/**
 * An IP network {@code address/prefix}. Host bits are accepted and cleared
 * ({@code 10.0.0.1/24} is {@code 10.0.0.0/24}), as the API server accepts them.
 */
public record Cidr(IpAddress network, int prefix, String text) {

    /** Parses {@code address/prefix}; an address without a prefix is malformed. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (address/prefix)");
        }
        IpAddress address;
        try {
            address = IpAddress.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: bad address", e);
        }
        String p = text.substring(slash + 1);
        int max = address.isV4() ? 32 : 128;
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > max) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix must be 0.." + max);
        }
        int prefix = Integer.parseInt(p);
        byte[] bytes = address.bytes();
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return new Cidr(new IpAddress(bytes, ""), prefix, text);
    }

    public boolean isV4() {
        return network.isV4();
    }

    public boolean contains(IpAddress address) {
        if (address.isV4() != isV4()) {
            return false;
        }
        return prefixEquals(address, prefix);
    }

    /** True when {@code other} lies inside this network and is not equal to it. */
    public boolean strictlyContains(Cidr other) {
        return other.isV4() == isV4() && other.prefix > prefix && prefixEquals(other.network, prefix);
    }

    private boolean prefixEquals(IpAddress address, int bits) {
        for (int bit = 0; bit < bits; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((network.byteAt(bit / 8) & mask) != (address.byteAt(bit / 8) & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
