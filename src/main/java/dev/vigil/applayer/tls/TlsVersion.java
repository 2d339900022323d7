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
            default -> {
                // pre-standard TLS 1.3 drafts were numbered 0x7fNN
                if ((v >> 8) == 0x7f) yield (v & 0xff) < 16 ? "TLS 1.3 draft-<16" : "TLS 1.3 draft-" + (v & 0xff);
                yield "UNDETERMINED";
            }
        };
    }
}
