package dev.vigil.applayer.tls;

/** Suricata's names for protocol versions in {@code tls.version}. */
final class TlsVersion {
    private TlsVersion() {}

    static String name(int v) {
        return switch (v) {
            case 0x0002 -> "SSLv2";
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv1";
            case 0x0302 -> "TLS 1.1";
            case 0x0303 -> "TLS 1.2";
            case 0x0304 -> "TLS 1.3";
            // Facebook's experimental TLS 1.3 drafts
            case 0xfb14, 0xfb15, 0xfb16, 0xfb17, 0xfb1a -> "TLS 1.3 draft-" + (v & 0xff) + "-fb";
            default -> {
                // pre-standard TLS 1.3 drafts were numbered 0x7fNN
                if ((v >> 8) == 0x7f) yield (v & 0xff) < 16 ? "TLS 1.3 draft-<16" : "TLS 1.3 draft-" + (v & 0xff);
                yield "UNDETERMINED";
            }
        };
    }

    /**
     * The version a hello's version field names. TLS 1.3 as published puts 1.2 there and the real version
     * in supported_versions; only drafts before 16 put 0x0304 itself there (later drafts 0x7fNN), so a
     * hello saying 0x0304 is such an early draft, as Suricata also reads it.
     */
    static int fromHelloField(int v) {
        // drafts 1 to 15 that said 0x7f01..0x7f0f are not told apart either
        return v == 0x0304 || (v > 0x7f00 && v < 0x7f10) ? 0x7f01 : v;
    }

    /** A version a supported_versions list may name (not GREASE, not noise): SSLv3 to TLS 1.3 and its drafts. */
    static boolean valid(int v) {
        return (v >= 0x0300 && v <= 0x0304) || (v >> 8) == 0x7f || (v >> 8) == 0xfb;
    }
}
