package dev.vigil.decode;

import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw packet construction for decoder tests: each method returns the bytes of one header plus what it
 * carries, with lengths filled in. Checksums are computed by a plain byte loop here, independent of
 * {@link Checksums}, so the tests also check that class.
 */
final class Pkt {
    private Pkt() {}

    static final int ETH_IPV4 = 0x0800, ETH_IPV6 = 0x86DD, ETH_VLAN = 0x8100, ETH_QINQ = 0x88A8, ETH_MPLS = 0x8847,
            ETH_PPPOE_SESSION = 0x8864, ETH_PPPOE_DISCOVERY = 0x8863, ETH_ARP = 0x0806, ETH_TEB = 0x6558;

    // ---- bytes ----

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] hex(String s) {
        s = s.replaceAll("\\s+", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    static byte[] fill(int n, char c) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
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

    static byte[] addr(String ip) {
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** Reference one's complement checksum: a byte-at-a-time loop. */
    static int checksum(byte[]... parts) {
        long s = 0;
        int pos = 0;
        for (byte[] p : parts) {
            for (byte x : p) {
                s += (pos % 2 == 0) ? (x & 0xFF) << 8 : (x & 0xFF);
                pos++;
            }
        }
        while ((s >>> 16) != 0) s = (s & 0xFFFF) + (s >>> 16);
        return (int) (~s & 0xFFFF);
    }

    // ---- link layer ----

    static byte[] eth(int type, byte[] payload) {
        byte[] h = new byte[14];
        byte[] mac = bytes(0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, 0x88, 0x99, 0xAA);
        System.arraycopy(mac, 0, h, 0, 12);
        put16(h, 12, type);
        return cat(h, payload);
    }

    /** An 802.1Q/802.1ad tag: TCI then the EtherType of what follows. */
    static byte[] tag(int vid, int type, byte[] payload) {
        byte[] h = new byte[4];
        put16(h, 0, vid & 0x0FFF);
        put16(h, 2, type);
        return cat(h, payload);
    }

    // ---- IPv4 ----

    static byte[] ipv4(int proto, String src, String dst, byte[] payload) {
        return ipv4(proto, src, dst, new byte[0], 1, 0x4000, 64, payload);
    }

    /** IPv4 with options (padded by the caller to a multiple of 4), id, flags+offset field and TTL. */
    static byte[] ipv4(int proto, String src, String dst, byte[] options, int id, int fragField, int ttl, byte[] payload) {
        int hlen = 20 + options.length;
        byte[] h = new byte[hlen];
        h[0] = (byte) (0x40 | (hlen / 4));
        put16(h, 2, hlen + payload.length);
        put16(h, 4, id);
        put16(h, 6, fragField);
        h[8] = (byte) ttl;
        h[9] = (byte) proto;
        System.arraycopy(addr(src), 0, h, 12, 4);
        System.arraycopy(addr(dst), 0, h, 16, 4);
        System.arraycopy(options, 0, h, 20, options.length);
        put16(h, 10, checksum(h));
        return cat(h, payload);
    }

    static byte[] pseudo4(String src, String dst, int proto, int len) {
        byte[] b = new byte[12];
        System.arraycopy(addr(src), 0, b, 0, 4);
        System.arraycopy(addr(dst), 0, b, 4, 4);
        b[9] = (byte) proto;
        put16(b, 10, len);
        return b;
    }

    static byte[] pseudo6(String src, String dst, int proto, int len) {
        byte[] b = new byte[40];
        System.arraycopy(addr(src), 0, b, 0, 16);
        System.arraycopy(addr(dst), 0, b, 16, 16);
        put32(b, 32, len);
        b[39] = (byte) proto;
        return b;
    }

    // ---- IPv6 ----

    static byte[] ipv6(int nextHeader, String src, String dst, byte[] payload) {
        return ipv6(nextHeader, src, dst, 64, payload);
    }

    static byte[] ipv6(int nextHeader, String src, String dst, int hopLimit, byte[] payload) {
        byte[] h = new byte[40];
        h[0] = 0x60;
        put16(h, 4, payload.length);
        h[6] = (byte) nextHeader;
        h[7] = (byte) hopLimit;
        System.arraycopy(addr(src), 0, h, 8, 16);
        System.arraycopy(addr(dst), 0, h, 24, 16);
        return cat(h, payload);
    }

    /** Hop-by-hop or destination options header: next header, then the option bytes padded to 8n+6 by the caller. */
    static byte[] optsHeader(int next, byte[] options) {
        int len = 2 + options.length;
        if (len % 8 != 0) throw new IllegalArgumentException("options must fill 8n+6 bytes, got " + options.length);
        byte[] h = new byte[len];
        h[0] = (byte) next;
        h[1] = (byte) (len / 8 - 1);
        System.arraycopy(options, 0, h, 2, options.length);
        return h;
    }

    static byte[] fragHeader(int next, int offset, boolean more, long id) {
        byte[] h = new byte[8];
        h[0] = (byte) next;
        put16(h, 2, (offset & 0xFFF8) | (more ? 1 : 0));
        put32(h, 4, id);
        return h;
    }

    // ---- transport ----

    static byte[] tcp(int sp, int dp, long seq, int flags, byte[] options, byte[] payload) {
        int hlen = 20 + options.length;
        byte[] h = new byte[hlen];
        put16(h, 0, sp);
        put16(h, 2, dp);
        put32(h, 4, seq);
        put32(h, 8, 0);
        h[12] = (byte) ((hlen / 4) << 4);
        h[13] = (byte) flags;
        put16(h, 14, 8192);
        System.arraycopy(options, 0, h, 20, options.length);
        return cat(h, payload);
    }

    static byte[] udp(int sp, int dp, byte[] payload) {
        byte[] h = new byte[8];
        put16(h, 0, sp);
        put16(h, 2, dp);
        put16(h, 4, 8 + payload.length);
        return cat(h, payload);
    }

    static byte[] icmp(int type, int code, byte[] rest) {
        byte[] h = new byte[4];
        h[0] = (byte) type;
        h[1] = (byte) code;
        return cat(h, rest);
    }

    /** Fills the checksum of an L4 segment at {@code csumOff} over the segment plus an optional pseudo-header. */
    static byte[] withChecksum(byte[] l4, int csumOff, byte[] pseudo) {
        byte[] c = l4.clone();
        c[csumOff] = 0;
        c[csumOff + 1] = 0;
        int v = pseudo == null ? checksum(c) : checksum(pseudo, c);
        put16(c, csumOff, v);
        return c;
    }

    static byte[] tcp4(String src, String dst, int sp, int dp, int flags, byte[] payload) {
        byte[] t = tcp(sp, dp, 1000, flags, new byte[0], payload);
        return ipv4(6, src, dst, withChecksum(t, 16, pseudo4(src, dst, 6, t.length)));
    }

    static byte[] udp4(String src, String dst, int sp, int dp, byte[] payload) {
        byte[] u = udp(sp, dp, payload);
        byte[] c = withChecksum(u, 6, pseudo4(src, dst, 17, u.length));
        return ipv4(17, src, dst, c);
    }

    static byte[] icmp4(String src, String dst, int type, int code, byte[] rest) {
        return ipv4(1, src, dst, withChecksum(icmp(type, code, rest), 2, null));
    }

    static byte[] tcp6(String src, String dst, int sp, int dp, int flags, byte[] payload) {
        byte[] t = tcp(sp, dp, 1000, flags, new byte[0], payload);
        return ipv6(6, src, dst, withChecksum(t, 16, pseudo6(src, dst, 6, t.length)));
    }

    static byte[] udp6(String src, String dst, int sp, int dp, byte[] payload) {
        byte[] u = udp(sp, dp, payload);
        return ipv6(17, src, dst, withChecksum(u, 6, pseudo6(src, dst, 17, u.length)));
    }

    static byte[] icmp6(String src, String dst, int type, int code, byte[] rest) {
        byte[] m = icmp(type, code, rest);
        return ipv6(58, src, dst, withChecksum(m, 2, pseudo6(src, dst, 58, m.length)));
    }

    // ---- decoding ----

    static Frame frame(byte[] bytes, int linkType) {
        return frame(bytes, linkType, 1_000_000_000L, bytes.length);
    }

    static Frame frame(byte[] bytes, int linkType, long tsNanos, int wireLen) {
        Frame f = new Frame();
        f.set(MemorySegment.ofArray(bytes), 0, bytes.length, wireLen, tsNanos, linkType, 0, 1);
        return f;
    }

    static Decoder decode(Decoder d, byte[] ethernet) {
        d.decode(frame(ethernet, LinkType.ETHERNET));
        return d;
    }

    static Decoder decodeEth(byte[] ethernet) {
        return decode(new Decoder(), ethernet);
    }

    static Decoder decodeRaw(byte[] ip) {
        Decoder d = new Decoder();
        d.decode(frame(ip, LinkType.RAW));
        return d;
    }

    static List<DecoderEvent> events(Decoder d) {
        List<DecoderEvent> out = new ArrayList<>();
        for (int i = 0; i < d.eventCount(); i++) out.add(d.event(i));
        return out;
    }

    /** The single leaf the frame produced (fails otherwise). */
    static Packet leaf(Decoder d) {
        if (d.leafCount() != 1) throw new AssertionError("expected 1 leaf, got " + d.leafCount() + " " + events(d));
        return d.leaf(0);
    }

    static String ip(Packet p, boolean src) {
        long hi = src ? p.srcHi : p.dstHi, lo = src ? p.srcLo : p.dstLo;
        try {
            if (p.ipVersion == 4) {
                byte[] b = new byte[4];
                put32(b, 0, lo);
                return InetAddress.getByAddress(b).getHostAddress();
            }
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
