package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.LinkType;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IPv4 header, TCP, UDP, ICMPv4 and ICMPv6 checksums, right and corrupted, over IPv4 and IPv6. */
class ChecksumsTest {
    private static final String S4 = "192.0.2.10", D4 = "198.51.100.20";
    private static final String S6 = "2001:db8:1::10", D6 = "2001:db8:2::20";

    private static Packet decode(byte[] ip) {
        return leaf(decodeRaw(ip));
    }

    /** Flips one bit of byte {@code index}, counted from the end of the packet (inside the payload). */
    private static byte[] corrupt(byte[] b, int fromEnd) {
        byte[] c = b.clone();
        c[c.length - fromEnd] ^= 0x10;
        return c;
    }

    private static void assertTransport(byte[] good) {
        Packet ok = decode(good);
        assertThat(ok.l4Off).isPositive();
        assertThat(Checksums.transportOk(ok)).as("good").isTrue();
        Packet bad = decode(corrupt(good, 1));
        assertThat(Checksums.transportOk(bad)).as("corrupted").isFalse();
        // the same bytes cut by the capture's snaplen cannot be checked: treated as correct
        byte[] cut = java.util.Arrays.copyOf(corrupt(good, 1), good.length - 1);
        Decoder d = new Decoder();
        d.decode(frame(cut, LinkType.RAW, 1, good.length));
        assertThat(Checksums.transportOk(leaf(d))).as("snaplen").isTrue();
    }

    @Test
    void ipv4Header() {
        byte[] p = tcp4(S4, D4, 1, 2, 0x02, new byte[0]);
        assertThat(Checksums.ipv4HeaderOk(decode(p))).isTrue();
        byte[] bad = p.clone();
        bad[8] = 1; // TTL changed, checksum not
        assertThat(Checksums.ipv4HeaderOk(decode(bad))).isFalse();
        byte[] opts = ipv4(6, S4, D4, bytes(0x94, 4, 0, 0, 1, 1, 1, 0), 3, 0, 9, tcp(1, 2, 3, 0x02, new byte[0], new byte[0]));
        assertThat(Checksums.ipv4HeaderOk(decode(opts))).isTrue();
        assertThat(Checksums.ipv4HeaderOk(decode(corrupt(opts, opts.length - 21)))).isFalse();
        assertThat(Checksums.ipv4HeaderOk(decode(tcp6(S6, D6, 1, 2, 0x02, new byte[0])))).isTrue(); // not IPv4
    }

    @Test
    void tcpUdpIcmpOverIpv4() {
        assertTransport(tcp4(S4, D4, 40000, 80, 0x18, fill(333, 'x')));
        assertTransport(tcp4(S4, D4, 40000, 80, 0x18, fill(334, 'y')));
        assertTransport(udp4(S4, D4, 5353, 53, fill(37, 'q')));
        assertTransport(icmp4(S4, D4, 8, 0, fill(61, 'p')));
    }

    @Test
    void tcpUdpIcmpv6OverIpv6() {
        assertTransport(tcp6(S6, D6, 40000, 443, 0x10, fill(1001, 'z')));
        assertTransport(udp6(S6, D6, 546, 547, fill(8, 'd')));
        assertTransport(icmp6(S6, D6, 128, 0, fill(57, 'e')));
    }

    @Test
    void icmpv6ChecksumCoversThePseudoHeader() {
        byte[] p = icmp6(S6, D6, 128, 0, fill(16, 'e'));
        byte[] moved = p.clone();
        moved[39] ^= 1; // another destination address, same message
        assertThat(Checksums.transportOk(decode(moved))).isFalse();
    }

    @Test
    void udpWithoutChecksum() {
        byte[] v4 = ipv4(17, S4, D4, udp(1, 2, fill(9, 'n'))); // checksum field 0
        assertThat(Checksums.transportOk(decode(v4))).isTrue();
        byte[] v6 = ipv6(17, S6, D6, udp(1, 2, fill(9, 'n')));
        assertThat(Checksums.transportOk(decode(v6))).isFalse(); // mandatory over IPv6 (RFC 8200)
    }

    @Test
    void ipv6RoutingHeaderAndHomeAddressChangeThePseudoHeader() {
        String finalDst = "2001:db8:9::99";
        byte[] seg = tcp(1, 2, 3, 0x02, new byte[0], fill(10, 'r'));
        byte[] good = withChecksum(seg, 16, pseudo6(S6, finalDst, 6, seg.length));
        byte[] rh = cat(bytes(6, 2, 0, 1, 0, 0, 0, 0), addr(finalDst));
        assertThat(Checksums.transportOk(decode(ipv6(43, S6, D6, cat(rh, good))))).isTrue();
        byte[] wrong = withChecksum(seg, 16, pseudo6(S6, D6, 6, seg.length));
        assertThat(Checksums.transportOk(decode(ipv6(43, S6, D6, cat(rh, wrong))))).isFalse();
        // segments left 0: the destination in the header is the final one
        byte[] rhDone = cat(bytes(6, 2, 0, 0, 0, 0, 0, 0), addr(finalDst));
        assertThat(Checksums.transportOk(decode(ipv6(43, S6, D6, cat(rhDone, wrong))))).isTrue();
        String home = "2001:db8:7::7";
        byte[] hao = optsHeader(6, cat(bytes(1, 2, 0, 0, 0xC9, 16), addr(home)));
        byte[] fromHome = withChecksum(seg, 16, pseudo6(home, D6, 6, seg.length));
        assertThat(Checksums.transportOk(decode(ipv6(60, S6, D6, cat(hao, fromHome))))).isTrue();
    }

    @Test
    void notCheckable() {
        assertThat(Checksums.transportOk(decode(ipv4(89, S4, D4, new byte[20])))).isTrue(); // no transport checksum
        Packet frag = decode(ipv4(17, S4, D4, new byte[0], 5, 0x2000, 64, new byte[16]));
        assertThat(frag.fragment).isTrue();
        assertThat(Checksums.transportOk(frag)).isTrue();
    }

    @Test
    void wideSumMatchesTheByteLoopForAnyLengthAndAlignment() {
        Random rnd = new Random(42);
        for (int n = 0; n < 2000; n++) {
            int len = rnd.nextInt(n < 200 ? 40 : 3000);
            int shift = rnd.nextInt(8);
            byte[] buf = new byte[len + shift];
            rnd.nextBytes(buf);
            byte[] data = java.util.Arrays.copyOfRange(buf, shift, buf.length);
            int expected = Pkt.checksum(data);
            int got = ~Checksums.fold(Checksums.sum(MemorySegment.ofArray(buf), shift, len)) & 0xFFFF;
            assertThat(got).as("len %d shift %d", len, shift).isEqualTo(expected);
        }
        // all ones: the sum saturates without overflowing
        byte[] ff = new byte[65534];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        assertThat(Checksums.fold(Checksums.sum(MemorySegment.ofArray(ff), 0, ff.length))).isEqualTo(0xFFFF);
    }
}
