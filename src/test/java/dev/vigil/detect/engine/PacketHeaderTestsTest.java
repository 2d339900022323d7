package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.Packet;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The header keywords on decoded packets, against Suricata's documented semantics. */
class PacketHeaderTestsTest {
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    /** A raw IPv4 datagram: TOS, the flags/offset field, options (padded to 4), transport and its bytes. */
    static byte[] ipv4(int tos, int fragField, byte[] options, int proto, byte[] l4, String src, String dst) {
        int optLen = (options.length + 3) / 4 * 4;
        byte[] ip = new byte[20 + optLen + l4.length];
        ip[0] = (byte) (0x40 | (5 + optLen / 4));
        ip[1] = (byte) tos;
        put16(ip, 2, ip.length);
        put16(ip, 4, 0x1234);
        put16(ip, 6, fragField);
        ip[8] = 64;
        ip[9] = (byte) proto;
        String[] s = src.split("\\."), d = dst.split("\\.");
        for (int i = 0; i < 4; i++) {
            ip[12 + i] = (byte) Integer.parseInt(s[i]);
            ip[16 + i] = (byte) Integer.parseInt(d[i]);
        }
        System.arraycopy(options, 0, ip, 20, options.length);
        System.arraycopy(l4, 0, ip, 20 + optLen, l4.length);
        return ip;
    }

    static byte[] tcp(int flags, long seq, long ack, int window, byte[] options, byte[] payload) {
        int optLen = (options.length + 3) / 4 * 4;
        byte[] t = new byte[20 + optLen + payload.length];
        put16(t, 0, 40000);
        put16(t, 2, 80);
        put32(t, 4, seq);
        put32(t, 8, ack);
        t[12] = (byte) ((5 + optLen / 4) << 4);
        t[13] = (byte) flags;
        put16(t, 14, window);
        System.arraycopy(options, 0, t, 20, options.length);
        System.arraycopy(payload, 0, t, 20 + optLen, payload.length);
        return t;
    }

    static byte[] tcpPacket(int flags) {
        return ipv4(0, 0x4000, new byte[0], 6, tcp(flags, 1000, 2000, 512, new byte[0], new byte[0]), "10.0.0.1", "10.0.0.2");
    }

    static byte[] icmp(int type, int code, int id, int seq) {
        byte[] m = new byte[8 + 4];
        m[0] = (byte) type;
        m[1] = (byte) code;
        put16(m, 4, id);
        put16(m, 6, seq);
        return m;
    }

    private final Decoder decoder = new Decoder();

    /** The decoded packet of a raw IP datagram. */
    Packet decode(byte[] ip) {
        Frame f = new Frame();
        f.set(MemorySegment.ofArray(ip), 0, ip.length, ip.length, 1_000_000_000L, LinkType.RAW, 0, 1);
        decoder.decode(f);
        assertThat(decoder.leafCount()).isEqualTo(1);
        return decoder.leaf(0);
    }

    static PacketHeaderTests compile(String options) {
        try {
            return PacketHeaderTests.compile(new RuleParser(RuleVars.defaults(), null)
                    .parse("alert ip any any -> any any (" + options + " sid:1;)", "test", 1).conditions());
        } catch (RuleException e) {
            throw new AssertionError(e);
        }
    }

    boolean matches(String options, byte[] ip) {
        Packet p = decode(ip);
        return compile(options).matches(p, Math.max(0, p.payloadLen));
    }

    @Test
    void flagsWithoutModifierMatchExactly() {
        assertThat(matches("flags:SA;", tcpPacket(SYN | ACK))).isTrue();
        assertThat(matches("flags:SA;", tcpPacket(SYN))).isFalse();
        assertThat(matches("flags:SA;", tcpPacket(SYN | ACK | ECE))).as("ECE is one more flag").isFalse();
        assertThat(matches("flags:S;", tcpPacket(SYN | CWR | ECE))).isFalse();
    }

    @Test
    void flagsModifiersPlusAnyNot() {
        assertThat(matches("flags:SA+;", tcpPacket(SYN | ACK | PSH))).isTrue();
        assertThat(matches("flags:+SA;", tcpPacket(SYN))).isFalse();
        assertThat(matches("flags:*SA;", tcpPacket(SYN))).isTrue();
        assertThat(matches("flags:*SA;", tcpPacket(FIN | PSH))).isFalse();
        // ! is "not all of these": a packet with only one of the two still matches
        assertThat(matches("flags:!SA;", tcpPacket(SYN))).isTrue();
        assertThat(matches("flags:!SA;", tcpPacket(SYN | ACK | PSH))).isFalse();
    }

    @Test
    void flagsIgnoreMaskAndTheEcnLetters() {
        assertThat(matches("flags:S,12;", tcpPacket(SYN | CWR | ECE))).isTrue();
        assertThat(matches("flags:S,CE;", tcpPacket(SYN | ECE))).isTrue();
        assertThat(matches("flags:S,12;", tcpPacket(SYN | ACK))).isFalse();
        assertThat(matches("flags:CE;", tcpPacket(CWR | ECE))).isTrue();
        assertThat(matches("flags:12;", tcpPacket(CWR | ECE))).isTrue();
        assertThat(matches("flags:FPU,12;", tcpPacket(FIN | PSH | URG | CWR))).isTrue();
        assertThat(matches("flags:FPU;", tcpPacket(FIN | PSH | URG | CWR))).isFalse();
    }

    @Test
    void flagsZeroMeansNoFlag() {
        assertThat(matches("flags:0;", tcpPacket(0))).isTrue();
        assertThat(matches("flags:0;", tcpPacket(ACK))).isFalse();
        assertThat(matches("flags:!0;", tcpPacket(ACK))).isTrue();
        assertThat(matches("flags:!0;", tcpPacket(0))).isFalse();
    }

    @Test
    void tcpKeywordsDoNotMatchOtherTransports() {
        byte[] udp = ipv4(0, 0, new byte[0], 17, new byte[] {0, 53, 0, 53, 0, 8, 0, 0}, "10.0.0.1", "10.0.0.2");
        assertThat(matches("flags:0;", udp)).isFalse();
        assertThat(matches("flags:!S;", udp)).isFalse();
        assertThat(matches("window:!0;", udp)).isFalse();
        assertThat(matches("seq:!5;", udp)).isFalse();
    }

    @Test
    void sequenceAckWindowAndMss() {
        byte[] mss = {2, 4, 0x05, (byte) 0xB4, 1, 1, 4, 2};
        byte[] ip = ipv4(0, 0x4000, new byte[0], 6, tcp(SYN, 0xFFFF_FFF0L, 7, 65535, mss, new byte[0]), "10.0.0.1", "10.0.0.2");
        assertThat(matches("seq:4294967280;", ip)).isTrue();
        assertThat(matches("seq:4294967281;", ip)).isFalse();
        assertThat(matches("ack:7;", ip)).isTrue();
        assertThat(matches("window:65535;", ip)).isTrue();
        assertThat(matches("window:!65535;", ip)).isFalse();
        assertThat(matches("tcp.mss:1460;", ip)).isTrue();
        assertThat(matches("tcp.mss:<1000;", ip)).isFalse();
        assertThat(matches("tcp.mss:1460;", tcpPacket(SYN))).as("no MSS option").isFalse();
    }

    @Test
    void ipHeaderFields() {
        byte[] ip = ipv4(0x10, 0x4000, new byte[0], 6, tcp(ACK, 1, 1, 1, new byte[0], new byte[] {'x'}), "10.0.0.1", "10.0.0.1");
        assertThat(matches("tos:16;", ip)).isTrue();
        assertThat(matches("tos:!16;", ip)).isFalse();
        assertThat(matches("id:4660;", ip)).isTrue();
        assertThat(matches("ip_proto:6;", ip)).isTrue();
        assertThat(matches("ip_proto:tcp;", ip)).isTrue();
        assertThat(matches("ip_proto:!6;", ip)).isFalse();
        assertThat(matches("ttl:64;", ip)).isTrue();
        assertThat(matches("sameip;", ip)).isTrue();
        assertThat(matches("sameip;", tcpPacket(ACK))).isFalse();
        assertThat(matches("fragoffset:0;", ip)).isTrue();
        assertThat(matches("dsize:1; ttl:64; tos:16;", ip)).isTrue();
        assertThat(matches("dsize:1; ttl:63;", ip)).isFalse();
    }

    @Test
    void fragbits() {
        byte[] df = tcpPacket(ACK);
        assertThat(matches("fragbits:D;", df)).isTrue();
        assertThat(matches("fragbits:!D;", df)).isFalse();
        assertThat(matches("fragbits:M;", df)).isFalse();
        assertThat(matches("fragbits:!M;", df)).isTrue();
        assertThat(matches("fragbits:*MD;", df)).isTrue();
        byte[] reserved = ipv4(0, 0xC000, new byte[0], 6, tcp(ACK, 1, 1, 1, new byte[0], new byte[0]), "10.0.0.1", "10.0.0.2");
        assertThat(matches("fragbits:D;", reserved)).as("exact: the reserved bit is also set").isFalse();
        assertThat(matches("fragbits:D+;", reserved)).isTrue();
        assertThat(matches("fragbits:RD;", reserved)).isTrue();
    }

    @Test
    void ipopts() {
        // record route with room for one address, then end of list
        byte[] rr = {7, 7, 4, 0, 0, 0, 0, 0};
        byte[] withRr = ipv4(0, 0, rr, 6, tcp(ACK, 1, 1, 1, new byte[0], new byte[0]), "10.0.0.1", "10.0.0.2");
        assertThat(matches("ipopts:rr;", withRr)).isTrue();
        assertThat(matches("ipopts:any;", withRr)).isTrue();
        assertThat(matches("ipopts:ts;", withRr)).isFalse();
        assertThat(matches("ipopts:eol;", withRr)).isTrue();
        assertThat(matches("ipopts:any;", tcpPacket(ACK))).isFalse();
        assertThat(matches("ipopts:rr;", tcpPacket(ACK))).isFalse();
    }

    @Test
    void icmpIdentifierAndSequenceOnlyWhereTheMessageHasThem() {
        byte[] echo = ipv4(0, 0, new byte[0], 1, icmp(8, 0, 0x4242, 7), "10.0.0.1", "10.0.0.2");
        assertThat(matches("icmp_id:16962;", echo)).isTrue();
        assertThat(matches("icmp_seq:7;", echo)).isTrue();
        assertThat(matches("icmp_seq:8;", echo)).isFalse();
        assertThat(matches("itype:8; icode:0;", echo)).isTrue();
        // a destination unreachable's bytes 4-7 are unused, not an id/seq
        byte[] unreachable = ipv4(0, 0, new byte[0], 1, icmp(3, 1, 0, 0), "10.0.0.1", "10.0.0.2");
        assertThat(matches("icmp_id:0;", unreachable)).isFalse();
        assertThat(matches("icmp_seq:0;", unreachable)).isFalse();
        assertThat(matches("icmp_id:0;", tcpPacket(ACK))).isFalse();
    }

    @Test
    void badValuesAreRefusedWithTheKeyword() {
        assertThatThrownBy(() -> PacketHeaderTests.flags("S+*")).hasMessageContaining("flags");
        assertThatThrownBy(() -> PacketHeaderTests.flags("SX")).hasMessageContaining("flags");
        assertThatThrownBy(() -> PacketHeaderTests.fragbits("Q")).hasMessageContaining("fragbits");
        assertThatThrownBy(() -> PacketHeaderTests.ipopt("bogus")).hasMessageContaining("ipopts");
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
