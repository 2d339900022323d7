package dev.vigil.decode;

import static dev.vigil.decode.Pkt.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.LinkType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and truncated packets of every kind the decoder follows: no exception, and no bounds error
 * caught by the decoder's last-resort handler (every decoder checks its lengths itself).
 */
class DecoderRobustnessTest {
    private static List<byte[]> seeds() {
        byte[] tcp = tcp4("10.0.0.1", "10.0.0.2", 1, 2, 0x12, fill(40, 'x'));
        byte[] tcpOpts = ipv4(6, "10.0.0.1", "10.0.0.2", bytes(0x94, 4, 0, 0, 0x44, 12, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1, 0, 64,
                tcp(1, 2, 3, 0x02, bytes(2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7), fill(10, 'y')));
        byte[] v6 = ipv6(0, "2001:db8::1", "2001:db8::2", cat(optsHeader(43, bytes(5, 2, 0, 0, 0xC2, 0)),
                cat(bytes(60, 2, 0, 1, 0, 0, 0, 0), addr("2001:db8::9")),
                optsHeader(51, bytes(1, 4, 0, 0, 0, 0)), cat(bytes(44, 1, 0, 0), new byte[8]),
                fragHeader(17, 0, true, 77), udp(5, 6, fill(16, 'z'))));
        byte[] icmpErr = icmp4("10.0.0.1", "10.0.0.2", 3, 3, cat(new byte[4], tcp));
        byte[] icmp6Err = icmp6("2001:db8::1", "2001:db8::2", 1, 4, cat(new byte[4], v6));
        byte[] inner = eth(ETH_IPV4, tcp);
        byte[] gre0 = ipv4(47, "1.1.1.1", "2.2.2.2", cat(bytes(0xF0, 0, 0x65, 0x58), new byte[12],
                bytes(0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0), inner));
        byte[] pptp = ipv4(47, "1.1.1.1", "2.2.2.2", cat(bytes(0x30, 0x81, 0x88, 0x0B, 0, 64, 0, 1), new byte[8],
                bytes(0xFF, 0x03, 0x00, 0x21), tcp));
        byte[] erspan2 = ipv4(47, "1.1.1.1", "2.2.2.2", cat(bytes(0x10, 0, 0x88, 0xBE), new byte[4],
                bytes(0x10, 0x17, 0, 0, 0, 0, 0, 0), inner));
        byte[] erspan3 = ipv4(47, "1.1.1.1", "2.2.2.2", cat(bytes(0, 0, 0x22, 0xEB),
                bytes(0x20, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), new byte[8], inner));
        byte[] vxlan = udp4("1.1.1.1", "2.2.2.2", 1, 4789, cat(bytes(8, 0, 0, 0, 0, 0, 1, 0), eth(ETH_VLAN, tag(3, ETH_IPV4, tcp))));
        byte[] geneve = udp4("1.1.1.1", "2.2.2.2", 1, 6081, cat(bytes(2, 0, 0x65, 0x58, 0, 0, 1, 0), bytes(0, 1, 0, 1, 9, 9, 9, 9), inner));
        byte[] teredo = udp4("1.1.1.1", "2.2.2.2", 3544, 1, cat(bytes(0, 1, 1, 1, 7, 8), new byte[9], bytes(0, 0, 1, 2, 3, 4, 5, 6),
                icmp6("2001:0:1::1", "2001:db8::2", 128, 0, new byte[8])));
        byte[] mpls = cat(bytes(0, 0x64, 0, 0x40, 0, 0xc8, 0x01, 0x40), new byte[4], inner);
        byte[] pppoe = cat(bytes(0x11, 0, 0, 1), bytes(0, tcp.length + 2), bytes(0, 0x21), tcp);
        byte[] frag4a = ipv4(17, "3.3.3.3", "4.4.4.4", new byte[0], 9, 0x2000, 64, udp(1, 2, fill(24, 'f')));
        byte[] frag4b = ipv4(17, "3.3.3.3", "4.4.4.4", new byte[0], 9, 4, 64, fill(16, 'g'));
        List<byte[]> out = new ArrayList<>();
        for (byte[] ip : new byte[][] {tcp, tcpOpts, v6, icmpErr, icmp6Err, gre0, pptp, erspan2, erspan3, vxlan, geneve, teredo,
                frag4a, frag4b}) {
            out.add(eth((ip[0] >>> 4) == 6 ? ETH_IPV6 : ETH_IPV4, ip));
        }
        out.add(eth(ETH_QINQ, tag(1, ETH_VLAN, tag(2, ETH_MPLS, mpls))));
        out.add(eth(ETH_PPPOE_SESSION, pppoe));
        out.add(eth(0x88E7, cat(new byte[4], new byte[12], bytes(0x81, 0), tag(5, ETH_IPV4, tcp))));
        return out;
    }

    @Test
    void mutatedPacketsNeverReachTheCatchAll() {
        Random rnd = new Random(7);
        List<byte[]> seeds = seeds();
        int[] links = {LinkType.ETHERNET, LinkType.RAW, LinkType.PPP, LinkType.NULL, LinkType.LINUX_SLL, LinkType.LINUX_SLL2};
        Decoder d = new Decoder(new Defragmenter(1 << 20));
        long ts = 1_000_000_000L;
        int decoded = 0;
        for (int i = 0; i < 300_000; i++) {
            byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            if (rnd.nextInt(4) == 0) b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            int link = rnd.nextInt(8) == 0 ? links[rnd.nextInt(links.length)] : LinkType.ETHERNET;
            int wire = rnd.nextInt(10) == 0 ? b.length + rnd.nextInt(100) : b.length;
            ts += rnd.nextInt(1_000_000_000);
            d.decode(frame(b, link, ts, wire));
            for (int e = 0; e < d.eventCount(); e++) {
                assertThat(d.event(e)).as("mutation %d", i).isNotEqualTo(DecoderEvent.PKT_TRUNCATED);
            }
            for (int l = 0; l < d.leafCount(); l++) {
                Checksums.ipv4HeaderOk(d.leaf(l));
                Checksums.transportOk(d.leaf(l));
            }
            decoded++;
        }
        assertThat(d.internalErrors).isZero();
        assertThat(decoded).isEqualTo(300_000);
        assertThat(d.defragmenter().memoryUsed()).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void seedsDecodeCleanly() {
        for (byte[] s : seeds()) {
            Decoder d = decodeEth(s);
            assertThat(d.internalErrors).isZero();
            assertThat(events(d)).doesNotContain(DecoderEvent.PKT_TRUNCATED);
        }
    }
}
