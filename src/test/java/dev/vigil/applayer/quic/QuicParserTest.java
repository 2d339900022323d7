package dev.vigil.applayer.quic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.applayer.Probe;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on the RFC sample packets and on Initials sealed by {@link InitialSealer}. */
class QuicParserTest {
    final QuicReplay.FlowState ctx = new QuicReplay.FlowState("c -> s", new java.util.ArrayList<>());
    final QuicProtocol proto = new QuicProtocol();
    final QuicParser parser = (QuicParser) proto.newParser(ctx);

    JsonNode only() {
        assertThat(ctx.out).hasSize(1);
        return ctx.out.get(0).json().path("quic");
    }

    @Test
    void rfc9001ClientInitialGivesOneRecord() throws Exception {
        byte[] pkt = PacketOpenerTest.vector("rfc9001-a2-client-initial");
        assertThat(proto.probe(true, pkt, 0, pkt.length, 50000, 443)).isEqualTo(Probe.MATCH);
        parser.onData(true, pkt, 0, pkt.length);
        parser.onData(true, pkt, 0, pkt.length);  // a retransmission is not a new hello
        JsonNode q = only();
        assertThat(q.path("version").asText()).isEqualTo("1");
        assertThat(q.path("sni").asText()).isEqualTo("example.com");
        assertThat(q.path("ja4").asText()).startsWith("q13d0211an_");
        // ciphers 1301 1302; extensions in wire order; groups x25519, secp256r1, secp384r1
        assertThat(q.path("ja3").path("string").asText()).isEqualTo("771,4865-4866,0-65281-10-16-5-51-43-13-45-28-57,29-23-24,");
        assertThat(ctx.anomalies).isEmpty();
    }

    @Test
    void rfc9369ClientInitialIsVersion2() throws Exception {
        byte[] pkt = PacketOpenerTest.vector("rfc9369-a2-client-initial");
        parser.onData(true, pkt, 0, pkt.length);
        assertThat(only().path("version").asText()).isEqualTo("6b3343cf");
        assertThat(only().path("sni").asText()).isEqualTo("example.com");
    }

    @Test
    void cryptoReassembledOutOfOrderAcrossDatagramsAndCoalescedPackets() throws Exception {
        byte[] ch = InitialSealer.plainClientHello();
        int a = 50, b = 120;
        byte[] p2 = InitialSealer.seal(join(InitialSealer.crypto(b, ch, b, ch.length - b), InitialSealer.crypto(a, ch, a, b - a)), 0, -1, 1);
        byte[] p1 = InitialSealer.seal(InitialSealer.crypto(0, ch, 0, a), 0, -1, 0);
        parser.onData(true, p2, 0, p2.length);
        assertThat(ctx.out).isEmpty();
        parser.onData(true, p1, 0, p1.length);
        assertThat(only().path("sni").asText()).isEqualTo("example.com");
        // Two packets coalesced in one datagram, second one first in stream order.
        QuicReplay.FlowState c2 = new QuicReplay.FlowState("c -> s", new java.util.ArrayList<>());
        QuicParser p = new QuicParser(c2);
        byte[] d = join(InitialSealer.seal(InitialSealer.crypto(a, ch, a, ch.length - a), 0, -1, 0),
                InitialSealer.seal(InitialSealer.crypto(0, ch, 0, a), 0, -1, 1));
        p.onData(true, d, 0, d.length);
        assertThat(c2.out).hasSize(1);
    }

    @Test
    void tamperedPacketIsAnAnomalyNotAnException() throws Exception {
        byte[] pkt = PacketOpenerTest.vector("rfc9001-a2-client-initial");
        pkt[700] ^= 0x40;
        parser.onData(true, pkt, 0, pkt.length);
        assertThat(ctx.out).isEmpty();
        assertThat(ctx.anomalies).containsExactly("failed_decrypt");
    }

    @Test
    void cryptoBeyondTheBoundIsReportedAndNotBuffered() throws Exception {
        byte[] junk = new byte[100];
        byte[] f = InitialSealer.crypto(0x3fff, junk, 0, junk.length);  // offset 16383: fits
        CryptoStream cs = new CryptoStream();
        assertThat(cs.add(CryptoStream.MAX_BYTES - 10, junk, 0, 100)).isFalse();
        assertThat(cs.add(1L << 40, junk, 0, 100)).isFalse();
        assertThat(cs.bytes().length).isLessThanOrEqualTo(CryptoStream.MAX_BYTES);
        assertThat(cs.contiguous()).isZero();
        CryptoStream holes = new CryptoStream();
        for (int i = 0; i < CryptoStream.MAX_RANGES; i++) assertThat(holes.add(2L * i + 2, junk, 0, 1)).isTrue();
        assertThat(holes.add(1000, junk, 0, 1)).isFalse();  // one range too many
        assertThat(holes.add(0, junk, 0, 100)).isTrue();  // fills every hole: one range again
        assertThat(holes.contiguous()).isEqualTo(101);  // [0,100) joins the 1-byte range at 100
        assertThat(f).isNotEmpty();
    }

    @Test
    void probeRefusesWhatIsNotQuic() {
        byte[] dns = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
        assertThat(proto.probe(true, dns, 0, dns.length, 5353, 53)).isEqualTo(Probe.NO);
        byte[] unknownVersion = {(byte) 0xc0, 0x12, 0x34, 0x56, 0x78, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0};
        assertThat(proto.probe(true, unknownVersion, 0, unknownVersion.length, 5000, 443)).isEqualTo(Probe.NO);
        byte[] longCid = {(byte) 0xc0, 0, 0, 0, 1, 21};
        assertThat(proto.probe(true, longCid, 0, longCid.length, 5000, 443)).isEqualTo(Probe.NO);
        byte[] vn = {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        assertThat(proto.probe(false, vn, 0, vn.length, 5000, 443)).isEqualTo(Probe.MATCH);
        assertThat(proto.probe(true, vn, 0, vn.length, 5000, 443)).isEqualTo(Probe.NO);
    }

    @Test
    void versionNamesAreSuricatas() {
        assertThat(List.of(QuicVersion.eveName(1), QuicVersion.eveName(QuicVersion.V2), QuicVersion.eveName(QuicVersion.DRAFT_29),
                QuicVersion.eveName(0x51303433), QuicVersion.eveName(0))).containsExactly("1", "6b3343cf", "ff00001d", "Q043", "0");
    }

    static byte[] join(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
