package dev.vigil.scenario;

/**
 * Builds well-formed Ethernet frames (IPv4/IPv6, TCP/UDP/ICMP, optional 802.1Q tags) with correct
 * lengths and checksums, for synthetic captures, the demo and tests.
 */
public final class PacketBuilder {
    public static final int TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08, TCP_ACK = 0x10;

    private static final byte[] DEFAULT_SRC_MAC = {0x00, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xAA};
    private static final byte[] DEFAULT_DST_MAC = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};

    private byte[] srcIp = {10, 0, 0, 1};
    private byte[] dstIp = {10, 0, 0, 2};
    private byte[] srcMac = DEFAULT_SRC_MAC;
    private byte[] dstMac = DEFAULT_DST_MAC;
    private int[] vlans = new int[0];
    private int ttl = 64;
    private int ipId = 1;

    public PacketBuilder ips(String src, String dst) {
        this.srcIp = parse(src);
        this.dstIp = parse(dst);
        return this;
    }

    /** Addresses as bytes (4 or 16 each); the arrays are kept, not copied. */
    public PacketBuilder ips(byte[] src, byte[] dst) {
        if (src.length != dst.length || (src.length != 4 && src.length != 16)) throw new IllegalArgumentException("address lengths");
        this.srcIp = src;
        this.dstIp = dst;
        return this;
    }

    /** Source and destination MAC (6 bytes each); the arrays are kept, not copied. */
    public PacketBuilder macs(byte[] src, byte[] dst) {
        this.srcMac = src;
        this.dstMac = dst;
        return this;
    }

    /** The IPv4 identification of the next packet (then counting up). */
    public PacketBuilder ipId(int id) {
        this.ipId = id & 0xFFFF;
        return this;
    }

    public PacketBuilder vlans(int... ids) {
        this.vlans = ids.clone();
        return this;
    }

    public PacketBuilder ttl(int ttl) {
        this.ttl = ttl;
        return this;
    }

    public byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        return tcp(sport, dport, seq, ack, flags, 65535, NO_OPTIONS, payload, 0, payload.length);
    }

    private static final byte[] NO_OPTIONS = new byte[0];

    /** A TCP segment with header options (a multiple of 4 bytes) and {@code len} payload bytes from {@code off}. */
    public byte[] tcp(int sport, int dport, long seq, long ack, int flags, int window, byte[] options, byte[] payload, int off, int len) {
        if ((options.length & 3) != 0 || options.length > 40) throw new IllegalArgumentException("TCP options length " + options.length);
        int hl = 20 + options.length;
        byte[] l4 = new byte[hl + len];
        put16(l4, 0, sport);
        put16(l4, 2, dport);
        put32(l4, 4, seq);
        put32(l4, 8, ack);
        l4[12] = (byte) ((hl / 4) << 4);
        l4[13] = (byte) flags;
        put16(l4, 14, window);
        System.arraycopy(options, 0, l4, 20, options.length);
        System.arraycopy(payload, off, l4, hl, len);
        put16(l4, 16, transportChecksum(6, l4));
        return frame(6, l4);
    }

    public byte[] udp(int sport, int dport, byte[] payload) {
        byte[] l4 = new byte[8 + payload.length];
        put16(l4, 0, sport);
        put16(l4, 2, dport);
        put16(l4, 4, l4.length);
        System.arraycopy(payload, 0, l4, 8, payload.length);
        int c = transportChecksum(17, l4);
        put16(l4, 6, c == 0 ? 0xFFFF : c);
        return frame(17, l4);
    }

    public byte[] icmpEcho(boolean request, int id, int seq, byte[] payload) {
        boolean v6 = srcIp.length == 16;
        byte[] l4 = new byte[8 + payload.length];
        l4[0] = (byte) (v6 ? (request ? 128 : 129) : (request ? 8 : 0));
        put16(l4, 4, id);
        put16(l4, 6, seq);
        System.arraycopy(payload, 0, l4, 8, payload.length);
        put16(l4, 2, v6 ? transportChecksum(58, l4) : fold(sum(l4, 0, l4.length, 0)));
        return frame(v6 ? 58 : 1, l4);
    }

    private byte[] frame(int proto, byte[] l4) {
        boolean v6 = srcIp.length == 16;
        byte[] ip;
        if (v6) {
            ip = new byte[40 + l4.length];
            ip[0] = 0x60;
            put16(ip, 4, l4.length);
            ip[6] = (byte) proto;
            ip[7] = (byte) ttl;
            System.arraycopy(srcIp, 0, ip, 8, 16);
            System.arraycopy(dstIp, 0, ip, 24, 16);
            System.arraycopy(l4, 0, ip, 40, l4.length);
        } else {
            ip = new byte[20 + l4.length];
            ip[0] = 0x45;
            put16(ip, 2, ip.length);
            put16(ip, 4, ipId);
            ipId = (ipId + 1) & 0xFFFF;
            put16(ip, 6, 0x4000);
            ip[8] = (byte) ttl;
            ip[9] = (byte) proto;
            System.arraycopy(srcIp, 0, ip, 12, 4);
            System.arraycopy(dstIp, 0, ip, 16, 4);
            put16(ip, 10, fold(sum(ip, 0, 20, 0)));
            System.arraycopy(l4, 0, ip, 20, l4.length);
        }
        byte[] f = new byte[14 + 4 * vlans.length + ip.length];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        int o = 12;
        for (int v : vlans) {
            f[o] = (byte) 0x81;
            f[o + 1] = 0x00;
            f[o + 2] = (byte) ((v >>> 8) & 0x0F);
            f[o + 3] = (byte) v;
            o += 4;
        }
        f[o] = (byte) (v6 ? 0x86 : 0x08);
        f[o + 1] = (byte) (v6 ? 0xDD : 0x00);
        System.arraycopy(ip, 0, f, o + 2, ip.length);
        return f;
    }

    private int transportChecksum(int proto, byte[] l4) {
        long s = sum(srcIp, 0, srcIp.length, 0);
        s = sum(dstIp, 0, dstIp.length, s);
        s += proto + l4.length;
        return fold(sum(l4, 0, l4.length, s));
    }

    private static long sum(byte[] b, int off, int len, long s) {
        int i = off;
        for (; i + 1 < off + len; i += 2) s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        if (i < off + len) s += (b[i] & 0xFF) << 8;
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xFFFF) + (s >>> 16);
        return (int) (~s & 0xFFFF);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static byte[] parse(String ip) {
        try {
            return java.net.InetAddress.ofLiteral(ip).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }
}
