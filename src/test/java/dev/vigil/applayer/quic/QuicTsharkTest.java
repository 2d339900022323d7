package dev.vigil.applayer.quic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Per flow, the ClientHellos tshark decrypts from QUIC Initials (server name and ALPN list) and the gQUIC
 * CHLOs it reads (SNI, user agent) must be exactly the ones our records show, on every capture of the
 * corpus' quic category and the QUIC fingerprint captures.
 */
class QuicTsharkTest {
    static List<Path> captures() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Corpus.pcapDir().resolve("quic"))) {
            out.addAll(s.sorted().toList());
        }
        for (String f : List.of("fingerprints/ja4/ja4-quic-tls-handshake.pcapng", "fingerprints/ja4/ja4-quic-with-several-tls-frames.pcapng",
                "fingerprints/ja4/ja4-chrome-cloudflare-quic-with-secrets.pcapng", "fingerprints/suricata/sv-ja4-quic.pcap",
                "fingerprints/suricata/sv-ja4-tls-quic.pcap", "fingerprints/suricata/sv-quic-ietf-ja3.pcap",
                "fingerprints/suricata/sv-quic-v2-ja3.pcap", "dns/ndpi-doq.pcapng")) {
            Path p = Corpus.file(f);
            if (Files.exists(p)) out.add(p);
        }
        return out;
    }

    /**
     * Flows where tshark 4.0 reads no hello and we do, each with the reason. Our decryption is AES-GCM
     * authenticated: a wrong key or packet number cannot produce a hello, so these are tshark's limits.
     */
    static final Map<String, String> TSHARK_BLIND = Map.of(
            "tcpdump-quic_vn.pcap ::1:57406 -> ::1:443",
            "after Version Negotiation the client retries with version 1 and the same DCID; tshark keeps the"
                    + " keys of the first Initial (reserved version 0x1a2a3a4a) and reports 'Decryption failed' on frame 3");

    @Test
    void helloValuesAgreeWithTshark() throws IOException {
        Tools.require("tshark");
        int hellos = 0, flows = 0;
        List<String> disagreements = new ArrayList<>();
        for (Path capture : captures()) {
            Map<String, Set<String>> theirs = tshark(capture);
            Map<String, Set<String>> ours = new TreeMap<>();
            QuicReplay q = QuicReplay.of(capture);
            for (QuicReplay.Out o : q.records) {
                JsonNode quic = o.json().path("quic");
                if (o.fromServer() || quic.has("ja3s") || quic.path("version").asText().equals("0")) continue;
                ours.computeIfAbsent(o.flow(), k -> new TreeSet<>()).add(quic.path("sni").asText("") + "|" + alpn(quic) + "|" + quic.path("ua").asText(""));
            }
            for (Set<String> s : theirs.values()) hellos += s.size();
            flows += theirs.size();
            Set<String> keys = new TreeSet<>(theirs.keySet());
            keys.addAll(ours.keySet());
            for (String k : keys) {
                Set<String> t = theirs.getOrDefault(k, Set.of()), v = ours.getOrDefault(k, Set.of());
                if (t.isEmpty() && !v.isEmpty() && TSHARK_BLIND.containsKey(capture.getFileName() + " " + k)) {
                    System.out.println("  tshark blind: " + k + " " + v + ": " + TSHARK_BLIND.get(capture.getFileName() + " " + k));
                    continue;
                }
                if (!t.equals(v)) disagreements.add(capture.getFileName() + " " + k + " tshark " + t + " vigil " + v);
            }
        }
        System.out.println("tshark hellos: " + hellos + " in " + flows + " flows; disagreements: " + disagreements.size());
        disagreements.forEach(d -> System.out.println("  " + d));
        assertThat(hellos).isGreaterThan(150);
        assertThat(disagreements).isEmpty();
    }

    /**
     * The server's fingerprint: per flow, the JA3S tshark computes from the ServerHellos it decrypts from
     * the server's Initial packets must be the ones our server records show. (The client Initial of most
     * captures is padded to 1200 bytes after its last packet; those zero bytes once passed for a 1-RTT
     * packet and ended the flow's parsing before the server's Initial came.)
     */
    @Test
    void serverHelloJa3sAgreesWithTshark() throws IOException {
        Tools.require("tshark");
        int hellos = 0;
        List<String> disagreements = new ArrayList<>();
        for (Path capture : captures()) {
            Tools.Result r = Tools.run(120, "tshark", "-r", capture.toString(), "-d", "udp.port==853,quic", "-Y",
                    "quic && tls.handshake.type == 2", "-T", "fields", "-E", "separator=|",
                    "-e", "ip.dst", "-e", "ipv6.dst", "-e", "udp.dstport", "-e", "ip.src", "-e", "ipv6.src", "-e", "udp.srcport",
                    "-e", "tls.handshake.ja3s");
            Map<String, Set<String>> theirs = new TreeMap<>();
            for (String line : r.lines()) {
                String[] f = line.split("\\|", -1);
                if (f.length < 7 || f[6].isEmpty()) continue;
                String client = last(f[0].isEmpty() ? f[1] : f[0]) + ":" + last(f[2]);
                String server = last(f[3].isEmpty() ? f[4] : f[3]) + ":" + last(f[5]);
                for (String h : f[6].split(",")) theirs.computeIfAbsent(client + " -> " + server, k -> new TreeSet<>()).add(h);
            }
            Map<String, Set<String>> ours = new TreeMap<>();
            for (QuicReplay.Out o : QuicReplay.of(capture).records) {
                JsonNode ja3s = o.json().path("quic").path("ja3s");
                if (ja3s.has("hash")) ours.computeIfAbsent(o.flow(), k -> new TreeSet<>()).add(ja3s.path("hash").asText());
            }
            for (Set<String> h : theirs.values()) hellos += h.size();
            Set<String> keys = new TreeSet<>(theirs.keySet());
            keys.addAll(ours.keySet());
            for (String k : keys) {
                Set<String> t = theirs.getOrDefault(k, Set.of()), v = ours.getOrDefault(k, Set.of());
                if (!t.equals(v)) disagreements.add(capture.getFileName() + " " + k + " tshark " + t + " vigil " + v);
            }
        }
        System.out.println("tshark QUIC ServerHellos: " + hellos + "; disagreements: " + disagreements.size());
        disagreements.forEach(d -> System.out.println("  " + d));
        assertThat(hellos).isGreaterThan(10);
        assertThat(disagreements).isEmpty();
    }

    static String alpn(JsonNode quic) {
        for (JsonNode e : quic.path("extensions")) {
            if (e.path("type").asInt() == 16) {
                List<String> v = new ArrayList<>();
                e.path("values").forEach(x -> v.add(x.asText()));
                return String.join(",", v);
            }
        }
        return "";
    }

    /** flow ("client -> server") -> distinct "sni|alpn,list|ua" of its ClientHellos and CHLOs. */
    static Map<String, Set<String>> tshark(Path capture) {
        // Port 853 is DTLS to tshark; DNS over QUIC uses it too (RFC 9250).
        Tools.Result r = Tools.run(120, "tshark", "-r", capture.toString(), "-d", "udp.port==853,quic", "-Y",
                "(quic && tls.handshake.type == 1) || gquic.tag.sni || gquic.tag.uaid", "-T", "fields", "-E", "separator=|",
                "-e", "ip.src", "-e", "ipv6.src", "-e", "udp.srcport", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "udp.dstport",
                "-e", "tls.handshake.extensions_server_name", "-e", "tls.handshake.extensions_alpn_str",
                "-e", "gquic.tag.sni", "-e", "gquic.tag.uaid");
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : r.lines()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 10) continue;
            String src = last(f[0].isEmpty() ? f[1] : f[0]) + ":" + last(f[2]);
            String dst = last(f[3].isEmpty() ? f[4] : f[3]) + ":" + last(f[5]);
            String sni = !f[6].isEmpty() ? f[6] : f[8];
            out.computeIfAbsent(src + " -> " + dst, k -> new TreeSet<>()).add(sni + "|" + f[7] + "|" + f[9]);
        }
        return out;
    }

    private static String last(String commaList) {
        int i = commaList.lastIndexOf(',');
        return i < 0 ? commaList : commaList.substring(i + 1);
    }
}
