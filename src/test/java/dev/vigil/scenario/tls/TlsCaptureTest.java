package dev.vigil.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.applayer.tls.ClientHello;
import dev.vigil.applayer.tls.JA3;
import dev.vigil.applayer.tls.JA4;
import dev.vigil.scenario.TsharkCheck;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every profile against TLS 1.2 and 1.3 servers, several seeds, in one capture; tshark and Vigil's own
 * analyzer must read back what each session was asked to do.
 */
class TlsCaptureTest {
    static final long T0 = 1_772_409_600_000_000_000L;
    static final int SEEDS = 3;

    /** What one session was asked for, and the ClientHello it wrote. */
    record Asked(String sni, BrowserProfile profile, TlsSession.Version version, String[] sans, byte[][] hello, int[] cipher) {}

    @TempDir
    static Path tmp;
    static Path pcap;
    static final Map<String, Asked> asked = new HashMap<>();

    @BeforeAll
    static void capture() throws Exception {
        pcap = TsharkCheck.write(scenario(42, asked), tmp.resolve("tls.pcap"));
    }

    static Timeline scenario(long seed, Map<String, Asked> out) {
        Host ws = new Host("ws1", "10.20.1.5", new byte[] {2, 0, 0, 0, 0, 5}, 128, 150_000);
        Host web = new Host("web", "198.51.100.20", new byte[] {2, 0, 0, 0, 0, 1}, 52, 12_000_000);
        SiteCertificates certs = new SiteCertificates(seed, T0);
        Timeline tl = new Timeline(seed);
        int i = 0;
        for (int s = 0; s < SEEDS; s++) {
            for (BrowserProfile p : BrowserProfile.values()) {
                for (TlsSession.Version v : TlsSession.Version.values()) {
                    String sni = "www." + p.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + s + "-" + v.ordinal() + ".example";
                    String[] sans = {sni, sni.substring(4), "static." + sni.substring(4)};
                    Asked a = new Asked(sni, p, v, sans, new byte[1][], new int[1]);
                    if (out != null) out.put(sni, a);
                    int n = i++;
                    tl.add(T0 + n * 40_000_000L, w -> {
                        TcpConversation c = w.tcp(ws.ephemeral(), web.port(443)).open();
                        TlsSession t = new TlsSession(c, p, sni, v, certs.forSite(sni, List.of(sans)));
                        t.handshake();
                        a.hello()[0] = t.clientHello().message();
                        a.cipher()[0] = t.cipherSuite();
                        t.exchanges(List.of(
                                new TlsSession.Exchange(400 + n, 30_000 + 1000 * n, 5_000_000, 0),
                                new TlsSession.Exchange(350, 900, 2_000_000, 20_000_000)));
                        t.closeNotify();
                        c.close();
                    });
                }
            }
        }
        return tl;
    }

    @Test
    void tsharkFindsNoErrors() throws Exception {
        assertThat(TsharkCheck.expertErrors(pcap)).isEmpty();
        // no lost segments, retransmissions or other TCP trouble either
        assertThat(TsharkCheck.fields(pcap, "tcp.analysis.flags && !tcp.analysis.window_update", "frame.number", "_ws.expert.message")).isEmpty();
    }

    @Test
    void tsharkReadsWhatWasAsked() throws Exception {
        Map<String, String> sniByStream = new HashMap<>();
        for (String l : TsharkCheck.fields(pcap, "tls.handshake.type == 1", "tcp.stream", "tls.handshake.extensions_server_name")) {
            String[] f = l.split("\\|", -1);
            sniByStream.put(f[0], f[1]);
        }
        assertThat(sniByStream.values()).containsExactlyInAnyOrderElementsOf(asked.keySet());

        List<String> serverHellos = TsharkCheck.fields(pcap, "tls.handshake.type == 2", "tcp.stream", "tls.handshake.version",
                "tls.handshake.extensions.supported_version", "tls.handshake.ciphersuite");
        assertThat(serverHellos).hasSize(asked.size());
        for (String l : serverHellos) {
            String[] f = l.split("\\|", -1);
            Asked a = asked.get(sniByStream.get(f[0]));
            assertThat(f[1]).isEqualTo("0x0303");
            if (a.version() == TlsSession.Version.TLS_1_3) {
                assertThat(f[2]).as(a.sni()).isEqualTo("0x0304");
                // every profile offers TLS_AES_128_GCM_SHA256, the server's first choice
                assertThat(f[3]).isEqualTo("0x1301");
            } else {
                assertThat(f[2]).as(a.sni()).isEmpty();
                assertThat(f[3]).isEqualTo("0xc02b");
            }
            assertThat(Integer.decode(f[3])).isEqualTo(a.cipher()[0]);
        }

        // the certificate is in clear only in TLS 1.2: leaf CN, its SANs, then the intermediate
        List<String> certs = TsharkCheck.fields(pcap, "tls.handshake.type == 11", "tcp.stream", "x509sat.uTF8String", "x509ce.dNSName");
        long tls12 = asked.values().stream().filter(a -> a.version() == TlsSession.Version.TLS_1_2).count();
        assertThat(certs).hasSize((int) tls12);
        for (String l : certs) {
            String[] f = l.split("\\|", -1);
            Asked a = asked.get(sniByStream.get(f[0]));
            assertThat(a.version()).isEqualTo(TlsSession.Version.TLS_1_2);
            List<String> names = List.of(f[1].split(","));
            // leaf issuer (O, CN), leaf subject CN, intermediate issuer and subject
            assertThat(names).contains(a.sni());
            assertThat(names.stream().filter(n -> n.contains("CA") || n.startsWith("Lumenkey") || n.contains("Harborlight"))).isNotEmpty();
            assertThat(List.of(f[2].split(","))).containsExactly(a.sans());
        }

        // 1.3 application data and the close_notify are typed application_data; 1.2's alert is typed alert
        assertThat(TsharkCheck.fields(pcap, "tls.record.content_type == 21", "tcp.stream")).hasSize((int) tls12);
    }

    @Test
    void tsharkJa3MatchesVigilsJa3() throws Exception {
        List<String> ja3 = TsharkCheck.fields(pcap, "tls.handshake.type == 1", "tls.handshake.extensions_server_name", "tls.handshake.ja3_full", "tls.handshake.ja3");
        assertThat(ja3).hasSize(asked.size());
        for (String l : ja3) {
            String[] f = l.split("\\|", -1);
            byte[] m = asked.get(f[0]).hello()[0];
            ClientHello ch = ClientHello.parse(m, 4, m.length - 4);
            assertThat(ch).isNotNull();
            assertThat(JA3.client(ch)).as(f[0]).isEqualTo(f[1]);
            assertThat(JA3.md5(f[1])).isEqualTo(f[2]);
        }
    }

    @Test
    void vigilAnalyzerLogsEveryHandshake() throws Exception {
        List<JsonNode> tls = new ArrayList<>();
        for (JsonNode n : dev.vigil.scenario.VigilAnalysis.eve(pcap, tmp.resolve("eve"))) {
            if (n.path("event_type").asText().equals("tls")) tls.add(n.get("tls"));
            assertThat(n.path("event_type").asText()).as(n.toString()).isNotEqualTo("anomaly");
        }
        assertThat(tls).hasSize(asked.size());
        for (JsonNode t : tls) {
            Asked a = asked.get(t.path("sni").asText());
            assertThat(a).as(t.toString()).isNotNull();
            assertThat(t.path("version").asText()).isEqualTo(a.version() == TlsSession.Version.TLS_1_3 ? "TLS 1.3" : "TLS 1.2");
            byte[] m = a.hello()[0];
            ClientHello ch = ClientHello.parse(m, 4, m.length - 4);
            if (t.has("ja3")) assertThat(t.at("/ja3/string").asText()).isEqualTo(JA3.client(ch));
            if (t.has("ja4")) assertThat(t.path("ja4").asText()).isEqualTo(JA4.of(ch, 't'));
            if (a.version() == TlsSession.Version.TLS_1_2) {
                assertThat(t.path("subject").asText()).isEqualTo("CN=" + a.sni());
                assertThat(t.path("issuerdn").asText()).contains("O=").contains("CN=");
            } else {
                assertThat(t.has("subject")).isFalse();
            }
        }
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        byte[] again = Files.readAllBytes(TsharkCheck.write(scenario(42, null), tmp.resolve("again.pcap")));
        byte[] other = Files.readAllBytes(TsharkCheck.write(scenario(43, null), tmp.resolve("other.pcap")));
        assertThat(again).isEqualTo(Files.readAllBytes(pcap));
        assertThat(other).isNotEqualTo(again);
    }

    /** The TLS 1.2 ServerKeyExchange carries a real signature: it verifies with the leaf certificate tshark shows. */
    @Test
    void serverKeyExchangeSignatureVerifiesWithTheLeaf() throws Exception {
        Map<String, String> clientRandom = byStream("tls.handshake.type == 1", "tls.handshake.random");
        Map<String, String> serverRandom = byStream("tls.handshake.type == 2", "tls.handshake.random");
        Map<String, String> certs = byStream("tls.handshake.type == 11", "tls.handshake.certificate");
        List<String> ske = TsharkCheck.fields(pcap, "tls.handshake.type == 12", "tcp.stream", "tls.handshake.server_named_curve",
                "tls.handshake.server_point", "tls.handshake.sig_hash_alg", "tls.handshake.sig");
        assertThat(ske).hasSize(certs.size()).isNotEmpty();
        HexFormat hex = HexFormat.of();
        for (String l : ske) {
            String[] f = l.split("\\|", -1);
            assertThat(f[3]).isEqualTo("0x0403");
            byte[] point = hex.parseHex(f[2]);
            int curve = Integer.decode(f[1]);
            byte[] params = new byte[4 + point.length];
            params[0] = 3;
            params[1] = (byte) (curve >> 8);
            params[2] = (byte) curve;
            params[3] = (byte) point.length;
            System.arraycopy(point, 0, params, 4, point.length);
            X509Certificate leaf = SiteCertificatesTest.parse(hex.parseHex(certs.get(f[0]).split(",")[0]));
            Signature sig = Signature.getInstance("SHA256withECDSA");
            sig.initVerify(leaf.getPublicKey());
            sig.update(hex.parseHex(clientRandom.get(f[0])));
            sig.update(hex.parseHex(serverRandom.get(f[0])));
            sig.update(params);
            assertThat(sig.verify(hex.parseHex(f[4]))).as("stream " + f[0]).isTrue();
        }
    }

    private static Map<String, String> byStream(String filter, String field) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (String l : TsharkCheck.fields(pcap, filter, "tcp.stream", field)) {
            String[] f = l.split("\\|", -1);
            m.put(f[0], f[1]);
        }
        return m;
    }
}
