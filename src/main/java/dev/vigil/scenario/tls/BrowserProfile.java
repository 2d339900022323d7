package dev.vigil.scenario.tls;

/**
 * TLS clients the scenario's hosts run, each described by the ClientHello its real counterpart
 * sends: record version, cipher suites, extensions in their wire order, groups, key shares,
 * signature algorithms, ALPN and the rest, plus the User-Agent the same client puts in HTTP requests.
 * {@link #GREASE} in a list marks where a client places an RFC 8701 GREASE value (drawn per
 * connection); {@link #GREASE_LAST} marks the second GREASE extension BoringSSL clients append.
 *
 * <p>Values were read from ClientHellos of the named versions (captures in the shared corpus, and the
 * clients' published defaults); where a client varies by platform, the desktop default is taken.
 */
public enum BrowserProfile {
    /**
     * Chrome 131 on Windows: BoringSSL, GREASE in ciphers, extensions, groups, key shares and versions;
     * extensions shuffled per connection (Chrome 110+); X25519MLKEM768 hybrid key share; ECH GREASE.
     */
    CHROME(Spec.chromium(), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"),
    /** Edge 131: the same Chromium network stack as Chrome 131, told apart only by its User-Agent. */
    EDGE(Spec.chromium(), "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"),
    /**
     * Firefox 115 ESR on Windows: NSS, no GREASE, fixed order, x25519 and P-256 key shares,
     * delegated_credentials and record_size_limit, padding (as in the corpus' ja4-tls12.pcap).
     */
    FIREFOX(new Spec(0x0301,
            new int[] {0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035},
            new int[] {0, 23, 65281, 10, 11, 35, 16, 5, 34, 51, 43, 13, 45, 28},
            false,
            new int[] {0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101},
            new int[] {0x001d, 0x0017},
            new int[] {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201},
            new int[] {0x0304, 0x0303},
            new int[] {0},
            new String[] {"h2", "http/1.1"},
            new int[0],
            true),
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0"),
    /**
     * Safari 17.6 on macOS 14: BoringSSL-derived but unshuffled, 20 ciphers including legacy 3DES,
     * the duplicated rsa_pss_rsae_sha384 it is known for, zlib certificate compression, padding.
     */
    SAFARI(new Spec(0x0301,
            new int[] {BrowserProfile.GREASE, 0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xc02f, 0xcca8, 0xc00a, 0xc009, 0xc014, 0xc013, 0x009d, 0x009c, 0x0035, 0x002f, 0xc008, 0xc012, 0x000a},
            new int[] {BrowserProfile.GREASE, 0, 23, 65281, 10, 11, 16, 5, 13, 18, 51, 45, 43, 27, BrowserProfile.GREASE_LAST},
            false,
            new int[] {BrowserProfile.GREASE, 0x001d, 0x0017, 0x0018, 0x0019},
            new int[] {BrowserProfile.GREASE, 0x001d},
            new int[] {0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201},
            new int[] {BrowserProfile.GREASE, 0x0304, 0x0303, 0x0302, 0x0301},
            new int[] {0},
            new String[] {"h2", "http/1.1"},
            new int[] {1},
            true),
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15"),
    /**
     * Windows 11 schannel as WinHTTP uses it (Windows Update, telemetry, CryptoAPI fetches): record
     * version 1.2, the long CBC tail of the Windows 10 list, no ALPN, no GREASE.
     */
    WINDOWS_SYSTEM(new Spec(0x0303,
            new int[] {0x1302, 0x1301, 0xc02c, 0xc02b, 0xc030, 0xc02f, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009, 0xc014, 0xc013, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x000a},
            new int[] {0, 5, 10, 11, 13, 35, 23, 65281, 43, 45, 51},
            false,
            new int[] {0x001d, 0x0017, 0x0018},
            new int[] {0x001d},
            new int[] {0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0201, 0x0403, 0x0503, 0x0203, 0x0202, 0x0601, 0x0603},
            new int[] {0x0304, 0x0303},
            new int[] {0},
            new String[0],
            new int[0],
            false),
            "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.71"),
    /** curl 7.81 with OpenSSL 3.0 (Ubuntu 22.04): 31 ciphers ending in the renegotiation SCSV, encrypt-then-MAC, post-handshake auth. */
    CURL(new Spec(0x0301,
            new int[] {0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024, 0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff},
            new int[] {0, 11, 10, 35, 16, 22, 23, 49, 13, 43, 45, 51},
            false,
            new int[] {0x001d, 0x0017, 0x001e, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104},
            new int[] {0x001d},
            new int[] {0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0303, 0x0203, 0x0301, 0x0201, 0x0302, 0x0202, 0x0402, 0x0502, 0x0602},
            new int[] {0x0304, 0x0303},
            new int[] {0, 1, 2},
            new String[] {"h2", "http/1.1"},
            new int[0],
            false),
            "curl/7.81.0"),
    /**
     * A Go-built implant: Go 1.21 crypto/tls defaults as net/http sends them without ALPN. TLS 1.3
     * suites last, signature_algorithms_cert, SCT request; the fingerprint many Go C2 frameworks share.
     */
    GO_IMPLANT(new Spec(0x0301,
            new int[] {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035, 0xc012, 0x000a, 0x1301, 0x1302, 0x1303},
            new int[] {0, 5, 10, 11, 35, 13, 50, 65281, 23, 18, 43, 51, 45},
            false,
            new int[] {0x001d, 0x0017, 0x0018, 0x0019},
            new int[] {0x001d},
            new int[] {0x0804, 0x0403, 0x0807, 0x0805, 0x0503, 0x0806, 0x0603, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201},
            new int[] {0x0304, 0x0303},
            new int[] {0},
            new String[0],
            new int[0],
            false),
            "Go-http-client/1.1");

    /** Placeholder for a GREASE value in a list (the first GREASE extension when in the extension list). */
    public static final int GREASE = -1;
    /** Placeholder for the second GREASE extension (one zero byte of data), before any padding. */
    public static final int GREASE_LAST = -2;

    /**
     * One client's ClientHello parameters. {@code shuffle}: extensions between the GREASE ones are
     * permuted per connection. {@code pads}: the BoringSSL/NSS padding extension that lifts a hello
     * of 256–511 bytes to 512 (older middleboxes choke on those lengths).
     */
    public record Spec(int recordVersion, int[] ciphers, int[] extensions, boolean shuffle, int[] groups, int[] keyShares,
            int[] signatureAlgorithms, int[] versions, int[] pointFormats, String[] alpn, int[] certCompression, boolean pads) {
        static Spec chromium() {
            return new Spec(0x0301,
                    new int[] {GREASE, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035},
                    new int[] {GREASE, 0, 23, 65281, 10, 11, 35, 16, 5, 13, 18, 51, 45, 43, 27, 17513, 65037, GREASE_LAST},
                    true,
                    new int[] {GREASE, 0x11ec, 0x001d, 0x0017, 0x0018},
                    new int[] {GREASE, 0x11ec, 0x001d},
                    new int[] {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601},
                    new int[] {GREASE, 0x0304, 0x0303},
                    new int[] {0},
                    new String[] {"h2", "http/1.1"},
                    new int[] {2},
                    true);
        }
    }

    private final Spec spec;
    private final String userAgent;

    BrowserProfile(Spec spec, String userAgent) {
        this.spec = spec;
        this.userAgent = userAgent;
    }

    public Spec spec() {
        return spec;
    }

    /** The User-Agent header the same client sends over HTTP. */
    public String userAgent() {
        return userAgent;
    }

    /** Whether the client offers TLS 1.3 (supported_versions lists 0x0304). */
    public boolean offersTls13() {
        for (int v : spec.versions()) if (v == 0x0304) return true;
        return false;
    }
}
