package dev.vigil.scenario.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes DHCPv4 messages (RFC 2131/2132) of a Windows client's boot: DISCOVER, OFFER, REQUEST, ACK
 * with the options such clients and servers use.
 */
public final class DhcpMessage {
    public static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, ACK = 5, INFORM = 8;

    private DhcpMessage() {}

    /** A client message; {@code requested} and {@code server} are null in a DISCOVER. */
    public static byte[] client(int type, int xid, byte[] mac, String hostname, String requested, String server) {
        ByteArrayOutputStream o = bootp(1, xid, mac, "0.0.0.0", "0.0.0.0", 0x8000);
        option(o, 53, new byte[] {(byte) type});
        byte[] cid = new byte[7];
        cid[0] = 1;
        System.arraycopy(mac, 0, cid, 1, 6);
        option(o, 61, cid);
        if (requested != null) option(o, 50, ip(requested));
        if (server != null) option(o, 54, ip(server));
        option(o, 12, hostname.getBytes(StandardCharsets.US_ASCII));
        option(o, 60, "MSFT 5.0".getBytes(StandardCharsets.US_ASCII));
        option(o, 55, new byte[] {1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, (byte) 249, (byte) 252});
        o.write(255);
        return pad(o);
    }

    /** A server's OFFER or ACK of {@code yourIp} with the site's router, DNS server and domain. */
    public static byte[] server(int type, int xid, byte[] mac, String yourIp, String server, String router, String dns, String domain, int leaseSeconds) {
        ByteArrayOutputStream o = bootp(2, xid, mac, yourIp, server, 0x8000);
        option(o, 53, new byte[] {(byte) type});
        option(o, 54, ip(server));
        option(o, 51, u32(leaseSeconds));
        option(o, 58, u32(leaseSeconds / 2));
        option(o, 59, u32(leaseSeconds / 8 * 7));
        option(o, 1, ip("255.255.0.0"));
        option(o, 3, ip(router));
        option(o, 6, ip(dns));
        option(o, 15, domain.getBytes(StandardCharsets.US_ASCII));
        o.write(255);
        return pad(o);
    }

    private static ByteArrayOutputStream bootp(int op, int xid, byte[] mac, String yiaddr, String siaddr, int flags) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(300);
        o.write(op);
        o.write(1);
        o.write(6);
        o.write(0);
        o.writeBytes(u32(xid));
        o.writeBytes(new byte[] {0, 0, (byte) (flags >>> 8), (byte) flags});
        o.writeBytes(new byte[4]); // ciaddr
        o.writeBytes(ip(yiaddr));
        o.writeBytes(ip(op == 2 ? siaddr : "0.0.0.0"));
        o.writeBytes(new byte[4]); // giaddr
        o.writeBytes(mac);
        o.writeBytes(new byte[10 + 64 + 128]);
        o.writeBytes(new byte[] {99, (byte) 130, 83, 99});
        return o;
    }

    private static void option(ByteArrayOutputStream o, int code, byte[] value) {
        o.write(code);
        o.write(value.length);
        o.writeBytes(value);
    }

    /** Pads to the 300-byte BOOTP minimum, as most clients do. */
    private static byte[] pad(ByteArrayOutputStream o) {
        while (o.size() < 300) o.write(0);
        return o.toByteArray();
    }

    private static byte[] ip(String s) {
        return java.net.InetAddress.ofLiteral(s).getAddress();
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
