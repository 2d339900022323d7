package dev.vigil.detect.engine;

import java.util.Locale;

/**
 * Suricata's {@code tls.version}: the version the packet's direction of a TLS session announced (see
 * {@link dev.vigil.flow.Flow#tlsVersionToServer}). A name ("1.2") matches TLS 1.3's drafts as 1.3; a raw
 * value ("0x7f1c") matches exactly. Encoded in one int: the version, and {@link #RAW} for a raw value.
 */
final class TlsVersionTest {
    static final int RAW = 1 << 16;

    private TlsVersionTest() {}

    static int parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1).trim();
        if (v.startsWith("0x")) return Integer.parseInt(v.substring(2), 16) | RAW;
        return switch (v) {
            case "1.0" -> 0x0301;
            case "1.1" -> 0x0302;
            case "1.2" -> 0x0303;
            case "1.3" -> 0x0304;
            case "sslv2", "ssl2", "sslv2.0", "ssl2.0" -> 0x0002;
            case "sslv3", "ssl3", "sslv3.0", "ssl3.0" -> 0x0300;
            default -> throw new IllegalArgumentException("tls.version: " + value);
        };
    }

    static boolean matches(int spec, int version) {
        if (version == 0) return false;
        if ((spec & RAW) == 0 && (version >> 8) == 0x7f) version = 0x0304;
        return (spec & 0xffff) == version;
    }
}
