package dev.vigil.applayer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every JA3/JA3S/JA4/SNI value EXPECTED-VALUES.tsv documents for TLS over TCP (from FoxIO, Arkime,
 * nDPI, Suricata, Zeek test outputs) is computed by TlsParser from the capture. A row naming a flow is
 * checked against that flow's session; a row without one ("count=1", a rule) against any session of the
 * capture. Mismatches are printed with the values; the known, explained ones are listed in KNOWN.
 */
class TlsExpectedValuesTest {
    static final Set<String> FIELDS = Set.of("ja4", "tls.ja4", "ndpi.ja4", "tls.ja3", "tls.ja3.hash", "ndpi.ja3c", "tls.ja3string",
            "tls.ja3.string", "ja3.string", "tls.ja3s", "tls.ja3s.hash", "ja3s.hash", "ndpi.ja3s", "tls.ja3sstring", "tls.ja3s.string",
            "ja3s.string", "tls_server_name", "ndpi.hostname_sni");

    @Test
    void documentedFingerprintsAreReproduced() throws IOException {
        Path dir = Corpus.pcapDir();
        int rows = 0, ok = 0, noSession = 0, ndpiVariant = 0;
        List<String> bad = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("EXPECTED-VALUES.tsv")).subList(1, Files.readAllLines(dir.resolve("EXPECTED-VALUES.tsv")).size())) {
            String[] f = line.split("\t", -1);
            if (f.length < 5 || !FIELDS.contains(f[3])) continue;
            String flow = f[2];
            if (flow.startsWith("udp")) continue; // QUIC and DTLS are not TLS over TCP
            Path pcap = dir.resolve(f[0]);
            if (!Files.exists(pcap)) continue;
            Map<Integer, TlsCorpus.Session> sessions = TlsCorpus.sessions(pcap);
            List<TlsCorpus.Session> candidates = new ArrayList<>();
            if (flow.startsWith("tcp ")) {
                String[] ends = flow.substring(4).split(" <?-> ");
                for (TlsCorpus.Session s : sessions.values()) {
                    if (s.client == null) continue;
                    boolean fwd = same(s.client, ends[0]) && same(s.server, ends[1]);
                    boolean rev = same(s.client, ends[1]) && same(s.server, ends[0]);
                    if (fwd || rev) candidates.add(s);
                }
            } else {
                candidates.addAll(sessions.values());
            }
            // nDPI's hostname_sni is also set from DNS/HTTP/QUIC flows; only TLS flows count here
            if (candidates.isEmpty() && f[3].equals("ndpi.hostname_sni")) continue;
            rows++;
            if (candidates.isEmpty()) {
                noSession++;
                bad.add(f[0] + " " + flow + " " + f[3] + "=" + f[4] + ": no TLS session found");
                continue;
            }
            // a rule row documents a content match: the value is a part of the field
            boolean partial = flow.startsWith("rule");
            boolean match = false;
            List<String> got = new ArrayList<>();
            for (TlsCorpus.Session s : candidates) {
                for (ClientHello ch : s.clientHellos) {
                    String v = clientValue(f[3], ch);
                    if (v != null) { got.add(v); if (partial ? v.contains(f[4]) : v.equals(f[4])) match = true; }
                }
                for (ServerHello sh : s.serverHellos) {
                    String v = serverValue(f[3], sh);
                    if (v != null) { got.add(v); if (partial ? v.contains(f[4]) : v.equals(f[4])) match = true; }
                }
            }
            // nDPI appends its own verdict to some values: "... (WEAK)", "(INSECURE)"
            String plain = f[4].replaceAll(" \\(.*\\)$", "");
            for (String g : got) if (g.equals(plain)) match = true;
            if (!match && f[3].equals("ndpi.ja4") && got.stream().anyMatch(g -> ndpiJa4Variant(plain, g))) {
                ndpiVariant++;
                bad.add("nDPI-variant " + f[0] + " " + flow + " expected " + f[4] + " got " + got);
                continue;
            }
            if (match) ok++;
            else bad.add(f[0] + " " + flow + " " + f[3] + " expected " + f[4] + " got " + got);
        }
        System.out.printf("EXPECTED-VALUES TLS over TCP: %d/%d rows reproduced; %d nDPI JA4 variants (d/i from nDPI's own hostname,"
                + " ALPN as its first two characters); %d rows whose flow tshark does not dissect as TLS%n", ok, rows, ndpiVariant, noSession);
        bad.forEach(b -> System.out.println("  MISMATCH " + b));
        assertThat(rows).isGreaterThan(100);
        assertThat(ok).as("reproduced rows").isGreaterThanOrEqualTo(rows - ndpiVariant - noSession - KNOWN);
    }

    /**
     * nDPI's JA4 differs from FoxIO's in two documented ways: the SNI letter follows nDPI's own hostname
     * detection (set from ESNI or left 'i' for some names), and older nDPI takes the first two ALPN
     * characters ("ht" for http/1.1, FoxIO "h1"). Same a-part otherwise, same hashes.
     */
    static boolean ndpiJa4Variant(String ndpi, String ours) {
        if (ndpi.length() != ours.length() || ndpi.length() < 10) return false;
        if (!ndpi.substring(10).equals(ours.substring(10))) return false;
        for (int i = 0; i < 10; i++) {
            if (ndpi.charAt(i) == ours.charAt(i)) continue;
            if (i == 3 || i == 9) continue; // SNI letter, last ALPN character
            return false;
        }
        return true;
    }

    /**
     * Explained mismatches: (1) ja4-tls-non-ascii-alpn: FoxIO's Rust snapshot writes "99" for a non-ASCII
     * ALPN, the JA4 spec (followed here) the first/last hex digit ("bd"); (2) sv-TLSv1-Extracted-MaliciousC2:
     * Suricata hashes "extensions_" with a trailing '_' when there are no signature algorithms, the spec says
     * no '_' (verified: with the '_' our hash equals Suricata's ce66f3b797c1).
     */
    static final int KNOWN = 2;

    private static String clientValue(String field, ClientHello ch) {
        return switch (field) {
            case "ja4", "tls.ja4", "ndpi.ja4" -> JA4.of(ch, 't');
            case "tls.ja3", "tls.ja3.hash", "ndpi.ja3c" -> JA3.md5(JA3.client(ch));
            case "tls.ja3string", "tls.ja3.string", "ja3.string" -> JA3.client(ch);
            case "tls_server_name", "ndpi.hostname_sni" -> ch.sni();
            default -> null;
        };
    }

    private static String serverValue(String field, ServerHello sh) {
        return switch (field) {
            case "tls.ja3s", "tls.ja3s.hash", "ja3s.hash", "ndpi.ja3s" -> JA3.md5(JA3.server(sh));
            case "tls.ja3sstring", "tls.ja3s.string", "ja3s.string" -> JA3.server(sh);
            default -> null;
        };
    }

    private static boolean same(String endpoint, String documented) {
        return endpoint.equalsIgnoreCase(documented) || normalize(endpoint).equals(normalize(documented));
    }

    /** IPv6 spellings differ (tshark compresses zeros, some tools do not): compare the parsed address. */
    private static String normalize(String ep) {
        int c = ep.lastIndexOf(':');
        if (c < 0) return ep;
        String host = ep.substring(0, c).replace("[", "").replace("]", "");
        try {
            return java.net.InetAddress.getByName(host).getHostAddress() + ":" + ep.substring(c + 1);
        } catch (java.net.UnknownHostException e) {
            return ep;
        }
    }
}
