package dev.vigil.scenario;

import java.io.ByteArrayOutputStream;

/**
 * Builds well-formed Ethernet frames (IPv4/IPv6, TCP/UDP/ICMP, optional 802.1Q tags) with correct
 * lengths and checksums, for synthetic captures, the demo and tests.
 */
public final class PacketBuilder {
    public static final int TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08, TCP_ACK = 0x10;

    private byte[] srcIp = {10, 0, 0, 1};
    private byte[] dstIp = {10, 0, 0, 2};
    private int[] vlans = new int[0];
    private int ttl = 64;
    private int ipId = 1;

    public PacketBuilder ips(String src, String dst) {
        this.srcIp = parse(src);
        this.dstIp = parse(dst);
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
        byte[] l4 = new byte[20 + payload.length];
        put16(l4, 0, sport);
        put16(l4, 2, dport);
        put32(l4, 4, seq);
        put32(l4, 8, ack);
        l4[12] = (byte) (5 << 4);
        l4[13] = (byte) flags;
        put16(l4, 14, 65535);
        System.arraycopy(payload, 0, l4, 20, payload.length);
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
            put16(ip, 4, ipId++);
            put16(ip, 6, 0x4000);
            ip[8] = (byte) ttl;
            ip[9] = (byte) proto;
            System.arraycopy(srcIp, 0, ip, 12, 4);
            System.arraycopy(dstIp, 0, ip, 16, 4);
            put16(ip, 10, fold(sum(ip, 0, 20, 0)));
            System.arraycopy(l4, 0, ip, 20, l4.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(14 + 4 * vlans.length + ip.length);
        out.writeBytes(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xAA});
        for (int v : vlans) {
            out.write(0x81);
            out.write(0x00);
            out.write((v >>> 8) & 0x0F);
            out.write(v & 0xFF);
        }
        out.write(v6 ? 0x86 : 0x08);
        out.write(v6 ? 0xDD : 0x00);
        out.writeBytes(ip);
        return out.toByteArray();
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
