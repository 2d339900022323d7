package dev.vigil.detect.ioc;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * One comparison an indicator makes, in the form the sensor matches at line rate: a field equal to a
 * value, an address inside a block, or a name under a domain. Values are normalised once here (case,
 * trailing dots, address text forms, port numbers) so a lookup is a hash probe.
 */
public record Atom(IndicatorField field, Kind kind, String value, int prefixBits) {
    public enum Kind { EQUALS, IN_BLOCK, UNDER_DOMAIN }

    public Atom {
        if (field == null || kind == null || value == null) throw new IllegalArgumentException("incomplete atom");
    }

    /** {@code field = value}; an address field also accepts a block ({@code 10.0.0.0/8}), as STIX's {@code =} does. */
    public static Atom equal(IndicatorField field, String raw) {
        String v = raw.trim();
        if (field.address()) {
            int slash = v.indexOf('/');
            if (slash >= 0) return block(field, v);
            return new Atom(field, Kind.EQUALS, address(v), -1);
        }
        return new Atom(field, Kind.EQUALS, normalise(field, v), -1);
    }

    /** An address inside {@code cidr}; a full-length block is an equality. */
    public static Atom block(IndicatorField field, String cidr) {
        if (!field.address()) throw new IllegalArgumentException(field + " holds no addresses");
        String c = cidr.trim();
        int slash = c.indexOf('/');
        if (slash < 0) return new Atom(field, Kind.EQUALS, address(c), -1);
        InetAddress a = literal(c.substring(0, slash));
        int max = a instanceof Inet4Address ? 32 : 128;
        int bits;
        try {
            bits = Integer.parseInt(c.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        if (bits < 0 || bits > max) throw new IllegalArgumentException("bad prefix length in " + cidr);
        if (bits == max) return new Atom(field, Kind.EQUALS, a.getHostAddress(), -1);
        return new Atom(field, Kind.IN_BLOCK, InetAddresses.toAddrString(mask(a, bits)), bits);
    }

    /** A name equal to {@code domain} or under it ({@code LIKE '%.example.com'}). */
    public static Atom underDomain(String domain) {
        return new Atom(IndicatorField.DOMAIN, Kind.UNDER_DOMAIN, normalise(IndicatorField.DOMAIN, domain), -1);
    }

    /** The canonical text of an address literal: what {@link ObservedValues} produces for the same address. */
    public static String address(String text) {
        return InetAddresses.toAddrString(literal(text));
    }

    static InetAddress literal(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        // forString never resolves names: a hostname is refused, not looked up
        if (!InetAddresses.isInetAddress(t)) throw new IllegalArgumentException("not an IP address: " + text);
        return InetAddresses.forString(t);
    }

    static InetAddress mask(InetAddress a, int bits) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form both indicator values and observed values are compared in. */
    static String normalise(IndicatorField field, String v) {
        return switch (field) {
            case DOMAIN -> {
                String d = v.toLowerCase(Locale.ROOT);
                while (d.endsWith(".")) d = d.substring(0, d.length() - 1);
                yield d;
            }
            case MD5, SHA1, SHA256, SHA512, JA3, JA3S, X509_SHA1, X509_SERIAL -> v.replace(":", "").toLowerCase(Locale.ROOT);
            case JA4, EMAIL -> v.toLowerCase(Locale.ROOT);
            case SRC_PORT, DST_PORT -> {
                int p;
                try {
                    p = Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a port: " + v);
                }
                if (p < 0 || p > 65535) throw new IllegalArgumentException("not a port: " + v);
                yield Integer.toString(p);
            }
            case URL -> Urls.normalise(v);
            default -> v;
        };
    }
}
