package dev.vigil.output;

import static dev.vigil.scenario.PacketBuilder.TCP_ACK;
import static dev.vigil.scenario.PacketBuilder.TCP_PSH;
import static dev.vigil.scenario.PacketBuilder.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.LinkType;
import dev.vigil.capture.PcapWriter;
import dev.vigil.detect.engine.DetectEngine;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.scenario.PacketBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules against a hand-made TCP session, through the whole sensor: which rules alert, on which packet,
 * from which side, and the {@code alert} records against their schema.
 */
class AlertRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir Path tmp;

    @org.junit.jupiter.api.BeforeAll
    static void schemas() throws IOException {
        if (EveSchemaTest.SCHEMAS.isEmpty()) EveSchemaTest.load();
    }

    private static byte[][] session() {
        PacketBuilder c2s = new PacketBuilder().ips("10.0.0.1", "203.0.113.9"), s2c = new PacketBuilder().ips("203.0.113.9", "10.0.0.1");
        return new byte[][] {
            c2s.tcp(40000, 8080, 100, 0, TCP_SYN, new byte[0]),
            s2c.tcp(8080, 40000, 500, 101, TCP_SYN | TCP_ACK, new byte[0]),
            c2s.tcp(40000, 8080, 101, 501, TCP_ACK, new byte[0]),
            c2s.tcp(40000, 8080, 101, 501, TCP_ACK | TCP_PSH, "HELLO id=123 ${jndi:ldap://x}".getBytes(StandardCharsets.ISO_8859_1)),
            s2c.tcp(8080, 40000, 501, 131, TCP_ACK | TCP_PSH, "OK secret-token\r\n".getBytes(StandardCharsets.ISO_8859_1)),
        };
    }

    private List<JsonNode> run(String rules, int workers) throws IOException {
        return run(rules, workers, session());
    }

    private List<JsonNode> run(String rules, int workers, byte[][] frames) throws IOException {
        return run(rules, workers, frames, c -> { });
    }

    private List<JsonNode> run(String rules, int workers, byte[][] frames, java.util.function.Consumer<SensorConfig> settings) throws IOException {
        Path pcap = tmp.resolve("s.pcap");
        try (OutputStream os = Files.newOutputStream(pcap); PcapWriter w = new PcapWriter(os, LinkType.ETHERNET)) {
            long t = T0;
            for (byte[] f : frames) {
                w.write(t, f);
                t += 1_000_000L;
            }
        }
        return runPcap(rules, workers, pcap, settings);
    }

    /** The alerts of one worker on a corpus capture with these rules. */
    private List<JsonNode> corpusAlerts(String corpusFile, String... rules) throws IOException {
        return runPcap(String.join("\n", rules), 1, dev.vigil.testing.Corpus.file(corpusFile), c -> { });
    }

    /** The alerts of the sensor on {@code pcap} with {@code rules}; {@code settings} adjust the config first. */
    private List<JsonNode> runPcap(String rules, int workers, Path pcap, java.util.function.Consumer<SensorConfig> settings) throws IOException {
        Path rulesFile = tmp.resolve("local.rules");
        Files.writeString(rulesFile, rules);
        Files.writeString(tmp.resolve("classification.config"), "config classification: attempted-admin,Attempted Administrator Privilege Gain,1\n"
                + "config classification: misc-activity,Misc activity,3\n");
        RuleLoader.Result r = RuleLoader.forFiles(List.of(rulesFile), RuleVars.defaults()).load(List.of(rulesFile));
        assertThat(r.rejected()).isEmpty();
        SensorConfig c = new SensorConfig();
        c.workers = workers;
        // the rules' alerts are under test: the behavioural detectors (which do find the PsExec capture's remote service) stay out
        c.behavior.enabled = false;
        c.classifications = r.classifications();
        settings.accept(c);
        c.detect = new DetectEngine(r.rules(), c.stream.depth);
        assertThat(c.detect.notInspected()).as("every rule of a test is inspected").isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureFile file = CaptureFile.open(pcap); EveSink sink = new EveSink(out)) {
            new Sensor(c).run(List.of(file), sink, null);
        }
        List<JsonNode> alerts = new ArrayList<>(), flows = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            if (n.path("event_type").asText().equals("alert")) {
                assertThat(EveSchemaTest.SCHEMAS.get("alert").validate(n)).as(line).isEmpty();
                alerts.add(n);
            }
            if (n.path("event_type").asText().equals("flow")) flows.add(n);
        }
        // a flow record says whether its flow alerted
        java.util.Set<Long> alerted = new java.util.HashSet<>();
        for (JsonNode a : alerts) alerted.add(a.path("flow_id").asLong());
        for (JsonNode f : flows) {
            assertThat(f.path("flow").path("alerted").asBoolean()).as(f.toString()).isEqualTo(alerted.contains(f.path("flow_id").asLong()));
        }
        return alerts;
    }

    @Test
    void payloadRulesAlertOnTheirPacketFromTheRightSide() throws IOException {
        String rules = String.join("\n",
                "alert tcp $HOME_NET any -> $EXTERNAL_NET 8080 (msg:\"jndi lookup\"; flow:established,to_server; content:\"${jndi:\"; nocase; "
                        + "classtype:attempted-admin; metadata:cve CVE_2021_44228, created_at 2021_12_11, mitre_technique_id T1190, mitre_technique_id T1190; sid:1; rev:2;)",
                "alert tcp any any -> any any (msg:\"token to client\"; flow:to_client; content:\"secret-\"; pcre:\"/^token\\r\\n/R\"; priority:2; sid:2;)",
                "alert tcp any any -> any any (msg:\"token to server (wrong way)\"; flow:to_server; content:\"secret-\"; sid:3;)",
                "alert tcp any any -> any 9999 (msg:\"wrong port\"; content:\"HELLO\"; sid:4;)",
                "alert tcp any 8080 <> any any (msg:\"either way\"; content:\"id=\"; pcre:\"/^\\d+\\s/R\"; dsize:>10; classtype:misc-activity; sid:5;)",
                "alert tcp any any -> any any (msg:\"not there\"; content:\"HELLO\"; content:!\"jndi\"; sid:6;)",
                "alert tcp any any -> any any (msg:\"before the handshake\"; flow:not_established; content:\"HELLO\"; sid:7;)",
                "alert tcp any any -> any any (msg:\"a SYN, no payload\"; flow:not_established,to_server; sid:8;)");
        for (int workers : new int[] {1, 2}) {
            List<JsonNode> alerts = run(rules, workers);
            assertThat(alerts).extracting(a -> a.path("alert").path("signature_id").asLong()).as("%d workers", workers).containsExactlyInAnyOrder(1L, 2L, 5L, 8L, 8L);
            JsonNode jndi = alerts.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 1).findFirst().orElseThrow();
            assertThat(jndi.path("src_ip").asText()).isEqualTo("10.0.0.1");
            assertThat(jndi.path("dest_port").asInt()).isEqualTo(8080);
            assertThat(jndi.path("direction").asText()).isEqualTo("to_server");
            // a tcp rule reads the stream: its 30 bytes, acknowledged but less than a chunk, are inspected when the flow ends
            assertThat(jndi.has("pcap_cnt")).as(jndi.toString()).isFalse();
            assertThat(jndi.path("pkt_src").asText()).isEqualTo("stream (flow timeout)");
            JsonNode either = alerts.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 5).findFirst().orElseThrow();
            assertThat(either.path("pcap_cnt").asLong()).as("dsize keeps a rule on packets").isEqualTo(4);
            assertThat(either.path("pkt_src").asText()).isEqualTo("wire/pcap");
            assertThat(jndi.path("alert").path("category").asText()).isEqualTo("Attempted Administrator Privilege Gain");
            assertThat(jndi.path("alert").path("severity").asInt()).isEqualTo(1);
            assertThat(jndi.path("alert").path("rev").asInt()).isEqualTo(2);
            assertThat(jndi.path("alert").path("metadata").path("cve").get(0).asText()).isEqualTo("CVE_2021_44228");
            assertThat(jndi.path("alert").path("mitre").toString()).isEqualTo("[\"T1190\"]");
            JsonNode syn = alerts.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 8).findFirst().orElseThrow();
            assertThat(syn.path("pcap_cnt").asLong()).as("a rule without payload matches meets packets without payload").isEqualTo(1);
            // as in Suricata, the ACK that completes the handshake is inspected before the session counts as established
            assertThat(alerts.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 8).map(a -> a.path("pcap_cnt").asLong()))
                    .containsExactly(1L, 3L);
            JsonNode token = alerts.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 2).findFirst().orElseThrow();
            assertThat(token.path("src_ip").asText()).isEqualTo("203.0.113.9");
            assertThat(token.path("direction").asText()).isEqualTo("to_client");
            assertThat(token.path("alert").path("severity").asInt()).as("the rule's own priority").isEqualTo(2);
            assertThat(token.path("alert").path("category").asText()).isEmpty();
        }
    }

    /**
     * A session whose request "GET /EVIL" is split over two segments, followed by more than a chunk of data
     * (so that passive inspection is due once acknowledged); the server acknowledges, the client ACKs.
     */
    private static byte[][] splitSession() {
        PacketBuilder c2s = new PacketBuilder().ips("10.0.0.1", "203.0.113.9"), s2c = new PacketBuilder().ips("203.0.113.9", "10.0.0.1");
        return new byte[][] {
            c2s.tcp(40000, 8080, 100, 0, TCP_SYN, new byte[0]),
            s2c.tcp(8080, 40000, 500, 101, TCP_SYN | TCP_ACK, new byte[0]),
            c2s.tcp(40000, 8080, 101, 501, TCP_ACK, new byte[0]),
            c2s.tcp(40000, 8080, 101, 501, TCP_ACK | TCP_PSH, "GET /EV".getBytes(StandardCharsets.ISO_8859_1)),
            c2s.tcp(40000, 8080, 108, 501, TCP_ACK | TCP_PSH, "IL x".getBytes(StandardCharsets.ISO_8859_1)),
            c2s.tcp(40000, 8080, 112, 501, TCP_ACK, "y".repeat(2600).getBytes(StandardCharsets.ISO_8859_1)),
            s2c.tcp(8080, 40000, 501, 2712, TCP_ACK | TCP_PSH, "OK".getBytes(StandardCharsets.ISO_8859_1)),
            c2s.tcp(40000, 8080, 2712, 503, TCP_ACK, new byte[0]),
        };
    }

    private static final String SPLIT_RULES = String.join("\n",
            "alert tcp any any -> any any (msg:\"stream or packet\"; content:\"EVIL\"; sid:1;)",
            "alert tcp-stream any any -> any any (msg:\"stream only\"; content:\"EVIL\"; sid:2;)",
            "alert tcp-pkt any any -> any any (msg:\"packet only, split\"; content:\"EVIL\"; sid:3;)",
            "alert tcp-pkt any any -> any any (msg:\"packet only\"; content:\"IL x\"; sid:4;)",
            "alert tcp any any -> any any (msg:\"in one packet\"; content:\"GET\"; sid:5;)");

    private static long sidOf(JsonNode a) {
        return a.path("alert").path("signature_id").asLong();
    }

    @Test
    void streamRulesSeeAPatternSplitOverSegmentsOnceAndRecordsCarryThePayload() throws IOException {
        byte[][] frames = splitSession();
        List<JsonNode> alerts = run(SPLIT_RULES, 1, frames, c -> {
            c.app.settings.put("alert.payload", "yes");
            c.app.settings.put("alert.payload-printable", "yes");
            c.app.settings.put("alert.packet", "yes");
        });
        // each rule once: a match is not reported as packet and again as stream
        assertThat(alerts).extracting(AlertRecordTest::sidOf).containsExactlyInAnyOrder(1L, 2L, 4L, 5L);
        for (JsonNode a : alerts) {
            long sid = sidOf(a);
            if (sid == 4) {
                assertThat(a.path("stream").asInt()).isZero();
                assertThat(a.path("pcap_cnt").asLong()).isEqualTo(5);
                assertThat(a.path("payload_printable").asText()).isEqualTo("IL x");
                assertThat(a.path("packet").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(frames[4]));
                assertThat(a.path("packet_info").path("linktype").asInt()).isEqualTo(1);
                assertThat(a.path("packet_info").path("linktype_name").asText()).isEqualTo("EN10MB");
                assertThat(a.path("pkt_src").asText()).isEqualTo("wire/pcap");
            } else {
                // IDS: the request is inspected once acknowledged, on its sender's next packet (the last ACK)
                assertThat(a.path("stream").asInt()).as(a.toString()).isEqualTo(1);
                String stream = "GET /EVIL x" + "y".repeat(2600);
                assertThat(a.path("payload_printable").asText()).isEqualTo(stream);
                assertThat(a.path("payload").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(stream.getBytes(StandardCharsets.ISO_8859_1)));
                assertThat(a.path("pcap_cnt").asLong()).as(a.toString()).isEqualTo(8);
                assertThat(a.path("packet").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(frames[7]));
                assertThat(a.path("pkt_src").asText()).isEqualTo("wire/pcap");
            }
        }
    }

    @Test
    void inlineStreamsAreInspectedOnThePacketThatBringsTheBytes() throws IOException {
        List<JsonNode> alerts = run(SPLIT_RULES, 2, splitSession(), c -> c.stream.inline = true);
        assertThat(alerts).extracting(AlertRecordTest::sidOf).containsExactlyInAnyOrder(1L, 2L, 4L, 5L);
        for (JsonNode a : alerts) {
            assertThat(a.path("pcap_cnt").asLong()).as(a.toString()).isEqualTo(sidOf(a) == 5 ? 4 : 5);
            assertThat(a.has("payload")).as("payload only when the eve-log options ask").isFalse();
        }
    }

    /** A DNS query for {@code name} (A, IN), as a UDP payload. */
    private static byte[] dnsQuery(int id, String name) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return b.toByteArray();
    }

    @Test
    void tcpPayloadPastTheDepthIsNotInspected() throws IOException {
        PacketBuilder c2s = new PacketBuilder().ips("10.0.0.1", "203.0.113.9"), s2c = new PacketBuilder().ips("203.0.113.9", "10.0.0.1");
        byte[] chunk = ("MARK" + "x".repeat(596)).getBytes(StandardCharsets.ISO_8859_1);
        byte[][] frames = {
            c2s.tcp(40002, 9000, 100, 0, TCP_SYN, new byte[0]),
            s2c.tcp(9000, 40002, 500, 101, TCP_SYN | TCP_ACK, new byte[0]),
            c2s.tcp(40002, 9000, 101, 501, TCP_ACK, new byte[0]),
            c2s.tcp(40002, 9000, 101, 501, TCP_ACK | TCP_PSH, chunk),
            c2s.tcp(40002, 9000, 701, 501, TCP_ACK | TCP_PSH, chunk),
            c2s.tcp(40002, 9000, 1301, 501, TCP_ACK | TCP_PSH, chunk),
        };
        String rule = "alert tcp-pkt any any -> any 9000 (msg:\"mark\"; content:\"MARK\"; sid:40;)";
        // 1,000 bytes: the packets starting at 0 and 600 are inspected, the one at 1,200 is past the depth
        assertThat(run(rule, 1, frames, c -> c.stream.depth = 1000)).extracting(a -> a.path("pcap_cnt").asLong()).containsExactly(4L, 5L);
        assertThat(run(rule, 1, frames, c -> c.stream.depth = 0)).as("0: no depth").hasSize(3);
    }

    @Test
    void anEncryptedTlsSessionIsNotContentInspected() throws IOException {
        // SSLv3 on port 4443: handshake records (16 03 00) before both sides changed cipher, application data
        // records (17 03 00) after; as Suricata by default, the encrypted records are not content-inspected
        Path pcap = dev.vigil.testing.Corpus.file("tls/arkime-ssl-selfsign.pcap");
        String rules = String.join("\n",
                "alert tcp-pkt any any -> any any (msg:\"handshake\"; content:\"|16 03 00|\"; depth:3; sid:41;)",
                "alert tcp-pkt any any -> any any (msg:\"application data\"; content:\"|17 03 00|\"; depth:3; sid:42;)");
        List<JsonNode> alerts = runPcap(rules, 1, pcap, c -> { });
        assertThat(alerts).extracting(a -> a.path("alert").path("signature_id").asLong()).contains(41L).doesNotContain(42L);
    }

    @Test
    void transactionBuffersAlertWhenTheirRecordIsComplete() throws IOException {
        PacketBuilder c2s = new PacketBuilder().ips("10.0.0.1", "203.0.113.9"), s2c = new PacketBuilder().ips("203.0.113.9", "10.0.0.1");
        byte[] req = "GET /evil.php?x=1 HTTP/1.1\r\nHost: Example.COM\r\nUser-Agent: curl/8.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] resp = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[][] frames = {
            c2s.tcp(40001, 80, 100, 0, TCP_SYN, new byte[0]),
            s2c.tcp(80, 40001, 500, 101, TCP_SYN | TCP_ACK, new byte[0]),
            c2s.tcp(40001, 80, 101, 501, TCP_ACK, new byte[0]),
            c2s.tcp(40001, 80, 101, 501, TCP_ACK | TCP_PSH, req),
            s2c.tcp(80, 40001, 501, 101 + req.length, TCP_ACK | TCP_PSH, resp),
            c2s.tcp(40001, 80, 101 + req.length, 501 + resp.length, TCP_ACK | PacketBuilder.TCP_FIN, new byte[0]),
            s2c.tcp(80, 40001, 501 + resp.length, 102 + req.length, TCP_ACK | PacketBuilder.TCP_FIN, new byte[0]),
            new PacketBuilder().ips("10.0.0.1", "198.51.100.53").udp(5353, 53, dnsQuery(7, "evil.example.org")),
        };
        String rules = String.join("\n",
                "alert http any any -> any any (msg:\"uri\"; flow:established,to_server; http.method; content:\"GET\"; http.uri; "
                        + "content:\"/evil.php\"; startswith; http.host; content:\"example.com\"; endswith; sid:10;)",
                "alert http any any -> any any (msg:\"ua\"; http.user_agent; content:\"curl/\"; startswith; sid:11;)",
                "alert http any any -> any any (msg:\"404\"; flow:to_client; http.stat_code; content:\"404\"; sid:12;)",
                "alert http any any -> any any (msg:\"not this uri\"; http.uri; content:\"/good\"; sid:13;)",
                "alert tcp any any -> any 8080 (msg:\"wrong port\"; http.uri; content:\"/evil\"; sid:14;)",
                // urilen: the URI's length ("/evil.php?x=1" is 13 bytes), normalized or raw
                "alert http any any -> any any (msg:\"urilen\"; flow:to_server; urilen:13; http.uri; content:\"/evil\"; sid:15;)",
                "alert http any any -> any any (msg:\"urilen longer\"; urilen:>13; http.uri; content:\"/evil\"; sid:16;)",
                "alert http any any -> any any (msg:\"urilen raw range\"; urilen:12<>14,raw; http.method; content:\"GET\"; sid:17;)",
                "alert http any any -> any any (msg:\"urilen only\"; urilen:<5; sid:18;)",
                // the host as sent, case kept; http.host is lower case
                "alert http any any -> any any (msg:\"raw host\"; http.host.raw; content:\"Example.COM\"; sid:19;)",
                "alert http any any -> any any (msg:\"raw host not folded\"; http.host.raw; content:\"example.com\"; sid:9;)",
                "alert dns any any -> any any (msg:\"dns\"; dns.query; dotprefix; content:\".example.org\"; endswith; sid:20;)",
                "alert udp any any -> any 53 (msg:\"dns on udp\"; dns.query; content:\"EVIL\"; nocase; sid:21;)",
                "alert dns any any -> any any (msg:\"dns not this\"; dns.query; content:\"good\"; sid:22;)");
        String snort = String.join("\n",
                "alert tcp any any -> any any ( msg:\"snort http\"; flow:to_server,established; http_uri; content:\"/evil.php\",fast_pattern; service:http; sid:30; )",
                "alert tcp any any -> any any ( msg:\"snort wrong service\"; http_uri; content:\"/evil.php\"; service:smtp; sid:31; )");
        for (int workers : new int[] {1, 2}) {
            List<JsonNode> alerts = run(rules, workers, frames);
            assertThat(alerts).extracting(a -> a.path("alert").path("signature_id").asLong()).as("%d workers", workers)
                    .containsExactlyInAnyOrder(10L, 11L, 12L, 15L, 17L, 19L, 20L, 21L);
            JsonNode notFound = alerts.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 12).findFirst().orElseThrow();
            assertThat(notFound.path("src_ip").asText()).as("a response buffer's alert is the server's").isEqualTo("203.0.113.9");
            assertThat(notFound.path("direction").asText()).isEqualTo("to_client");
            assertThat(notFound.path("app_proto").asText()).isEqualTo("http");
            JsonNode uri = alerts.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 10).findFirst().orElseThrow();
            assertThat(uri.path("src_ip").asText()).isEqualTo("10.0.0.1");
            assertThat(uri.path("dest_port").asInt()).isEqualTo(80);
        }
        assertThat(run(snort, 1, frames)).extracting(a -> a.path("alert").path("signature_id").asLong()).as("Snort 3 service rules").containsExactly(30L);
    }

    @Test
    void quicClientHelloBuffers() throws IOException {
        // Chrome's Initial to www.google.com, decrypted from the Initial keys
        List<JsonNode> alerts = corpusAlerts("fingerprints/ja4/ja4-quic-tls-handshake.pcapng",
                "alert quic any any -> any any (msg:\"quic sni\"; quic.sni; content:\"google.com\"; endswith; sid:50;)",
                "alert quic any any -> any any (msg:\"quic sni other\"; quic.sni; content:\"example.org\"; sid:51;)",
                "alert tls any any -> any any (msg:\"tls sni is not quic's\"; tls.sni; content:\"google.com\"; sid:52;)");
        assertThat(alerts).extracting(a -> a.path("alert").path("signature_id").asLong()).containsExactly(50L);
        assertThat(alerts.get(0).path("app_proto").asText()).isEqualTo("quic");
        assertThat(alerts.get(0).path("dest_port").asInt()).isEqualTo(443);
    }

    @Test
    void tlsVersionIsEachDirectionsHandshakeVersion() throws IOException {
        // Chrome offering TLS 1.3 draft 18 (supported_versions: GREASE, 0x7f12, 1.2, ...; hello field 1.2,
        // records 1.0), the server choosing draft 18: both directions are "1.3", raw 0x7f12
        List<JsonNode> tls13 = corpusAlerts("fingerprints/arkime/arkime-tls13.pcap",
                "alert tls any any -> any any (msg:\"client 1.3\"; flow:to_server; tls.version:1.3; sid:80;)",
                "alert tls any any -> any any (msg:\"server draft 18\"; flow:to_client; tls.version:0x7f12; sid:81;)",
                "alert tls any any -> any any (msg:\"not 1.2\"; tls.version:1.2; sid:82;)",
                "alert tls any any -> any any (msg:\"not the hello field\"; flow:to_server; tls.version:0x0303; sid:83;)",
                "alert tls any any -> any any (msg:\"hello of a 1.3 client\"; flow:to_server; tls.version:\"1.3\"; content:\"|16 03 01|\"; depth:3; sid:84;)");
        assertThat(tls13).extracting(a -> a.path("alert").path("signature_id").asLong()).containsExactlyInAnyOrder(80L, 81L, 84L);
        JsonNode hello = tls13.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 84).findFirst().orElseThrow();
        assertThat(hello.path("pcap_cnt").asLong()).as("on the ClientHello's packet").isEqualTo(4);
        // OpenSSL TLS 1.2 without supported_versions: the client's record says 1.0, its hello 1.2
        List<JsonNode> tls12 = corpusAlerts("fingerprints/arkime/arkime-openssl-tls1_2.pcap",
                "alert tls any any -> any any (msg:\"server hello 1.2\"; flow:to_client; tls.version:1.2; content:\"|16 03 03|\"; depth:3; sid:85;)",
                "alert tls any any -> any any (msg:\"client 1.2\"; flow:to_server; tls.version:1.2; sid:86;)",
                "alert tls any any -> any any (msg:\"not the record's\"; flow:to_server; tls.version:1.0; sid:87;)",
                "alert tcp any any -> any any (msg:\"not 1.3\"; tls.version:1.3; sid:88;)");
        assertThat(tls12).extracting(a -> a.path("alert").path("signature_id").asLong()).containsExactlyInAnyOrder(85L, 86L);
        JsonNode serverHello = tls12.stream().filter(a -> a.path("alert").path("signature_id").asLong() == 85).findFirst().orElseThrow();
        assertThat(serverHello.path("pcap_cnt").asLong()).as("on the ServerHello's packet").isEqualTo(6);
        assertThat(serverHello.path("src_port").asInt()).isEqualTo(443);
        assertThat(corpusAlerts("fingerprints/arkime/arkime-openssl-ssl3.pcap",
                "alert tls any any -> any any (msg:\"sslv3\"; flow:to_client; tls.version:sslv3; sid:89;)"))
                .extracting(a -> a.path("alert").path("signature_id").asLong()).containsExactly(89L);
    }

    @Test
    void smbTreeConnectBuffers() throws IOException {
        // PsExec: tree connects to \\dc1\ADMIN$ (a disk share, twice) and \\dc1\IPC$ (a pipe share)
        List<JsonNode> alerts = corpusAlerts("smb/sv-20171220_smb_psexec_add_user.pcap",
                "alert smb any any -> any any (msg:\"admin share\"; smb.share; content:\"ADMIN$\"; endswith; sid:60;)",
                "alert smb any any -> any any (msg:\"ipc pipe\"; smb.named_pipe; content:\"IPC$\"; endswith; sid:61;)",
                "alert smb any any -> any any (msg:\"ipc is no disk share\"; smb.share; content:\"IPC$\"; sid:62;)");
        assertThat(alerts).extracting(a -> a.path("alert").path("signature_id").asLong()).containsExactlyInAnyOrder(60L, 60L, 61L);
        assertThat(alerts).allSatisfy(a -> assertThat(a.path("app_proto").asText()).isEqualTo("smb"));
        assertThat(alerts).allSatisfy(a -> assertThat(a.path("dest_port").asInt()).isEqualTo(445));
    }

    @Test
    void flowintCountsAcrossPackets() throws IOException {
        // five datagrams of one UDP flow, each "PING"; then one "PONG" back
        PacketBuilder c2s = new PacketBuilder().ips("10.0.0.1", "198.51.100.7"), s2c = new PacketBuilder().ips("198.51.100.7", "10.0.0.1");
        byte[] ping = "PING".getBytes(StandardCharsets.ISO_8859_1), pong = "PONG".getBytes(StandardCharsets.ISO_8859_1);
        byte[][] frames = {
            c2s.udp(40000, 7777, ping), c2s.udp(40000, 7777, ping), c2s.udp(40000, 7777, ping),
            c2s.udp(40000, 7777, ping), c2s.udp(40000, 7777, ping), s2c.udp(7777, 40000, pong),
        };
        String rules = String.join("\n",
                // counts every PING, alerts from the fourth on (the increment stays when the check fails)
                "alert udp any any -> any any (msg:\"many pings\"; content:\"PING\"; flowint:pings,+,1; flowint:pings,>,3; sid:70;)",
                // a second counter set from the first; PONG alerts when it equals five
                "alert udp any any -> any any (msg:\"copy\"; content:\"PING\"; flowint:copy,=,pings; noalert; sid:71;)",
                "alert udp any any -> any any (msg:\"pong after five\"; content:\"PONG\"; flowint:copy,==,5; flowint:missing,notset; sid:72;)",
                "alert udp any any -> any any (msg:\"unset counter\"; content:\"PONG\"; flowint:missing,isset; sid:73;)",
                "alert udp any any -> any any (msg:\"unset operand\"; content:\"PONG\"; flowint:copy,<,missing; sid:74;)");
        List<JsonNode> alerts = run(rules, 1, frames);
        assertThat(alerts).extracting(a -> a.path("alert").path("signature_id").asLong()).containsExactly(70L, 70L, 72L);
        assertThat(alerts).extracting(a -> a.path("pcap_cnt").asLong()).containsExactly(4L, 5L, 6L);
    }

    @Test
    void flowbitsCarryStateFromOnePacketToTheNext() throws IOException {
        String rules = String.join("\n",
                "alert tcp any any -> any any (msg:\"check before set\"; flow:to_client; content:\"secret-\"; flowbits:isset,hello; sid:41;)",
                "alert tcp any any -> any any (msg:\"set\"; flow:to_server; content:\"HELLO\"; flowbits:set,hello; flowbits:noalert; sid:40;)",
                "alert tcp any any -> any any (msg:\"not set\"; content:\"secret-\"; flowbits:isnotset,hello; sid:42;)",
                "alert tcp any any -> any any (msg:\"either\"; content:\"secret-\"; flowbits:isset,nope|hello; sid:43;)",
                "alert tcp any any -> any any (msg:\"both\"; content:\"secret-\"; flowbits:isset,nope&hello; sid:44;)",
                "alert tcp any any -> any any (msg:\"unset then\"; content:\"OK\"; flowbits:isset,hello; flowbits:unset,hello; sid:45;)",
                "alert tcp any any -> any any (msg:\"after unset\"; content:\"token\"; flowbits:isset,hello; sid:46;)");
        for (int workers : new int[] {1, 2}) {
            assertThat(run(rules, workers)).extracting(a -> a.path("alert").path("signature_id").asLong()).as("%d workers", workers)
                    .containsExactlyInAnyOrder(41L, 43L, 45L);
        }
    }

    @Test
    void icmpRulesReadTypeCodeAndPayload() throws IOException {
        PacketBuilder a = new PacketBuilder().ips("10.0.0.1", "198.51.100.7"), b = new PacketBuilder().ips("198.51.100.7", "10.0.0.1");
        byte[][] frames = {
            a.icmpEcho(true, 7, 1, "abcdefgh".getBytes(StandardCharsets.ISO_8859_1)),
            b.icmpEcho(false, 7, 1, "abcdefgh".getBytes(StandardCharsets.ISO_8859_1)),
        };
        String rules = String.join("\n",
                "alert icmp any any -> any any (msg:\"echo request\"; itype:8; icode:0; content:\"abc\"; sid:50;)",
                "alert icmp any any -> any any (msg:\"echo reply\"; itype:0; content:\"abc\"; sid:51;)",
                "alert icmp any any -> any any (msg:\"not this type\"; itype:3; sid:52;)",
                "alert icmp any any -> any any (msg:\"small ttl\"; ttl:<10; sid:53;)");
        List<JsonNode> alerts = run(rules, 1, frames);
        assertThat(alerts).extracting(x -> x.path("alert").path("signature_id").asLong()).containsExactlyInAnyOrder(50L, 51L);
        JsonNode reply = alerts.stream().filter(x -> x.path("alert").path("signature_id").asLong() == 51).findFirst().orElseThrow();
        assertThat(reply.path("src_ip").asText()).isEqualTo("198.51.100.7");
        assertThat(reply.path("proto").asText()).isEqualTo("ICMP");
    }
}
