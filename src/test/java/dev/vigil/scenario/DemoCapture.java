package dev.vigil.scenario;

import dev.vigil.capture.LinkType;
import dev.vigil.capture.PcapWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small mixed capture for tests (what {@code vigil demo} analyzed before the scenarios): a complete HTTP-style TCP session, a DNS
 * query and answer, a ping, a VLAN-tagged session, an IPv6 session, a SYN left unanswered and one
 * truncated (malformed) frame. Written with Vigil's own pcap writer.
 */
public final class DemoCapture {
    private DemoCapture() {}

    /** Start of the demo's packet clock: 2023-11-14T22:13:20Z. */
    public static final long T0 = 1_700_000_000L * 1_000_000_000L;
    private static final long MS = 1_000_000L;

    public static Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PcapWriter w = new PcapWriter(Files.newOutputStream(file), LinkType.ETHERNET)) {
            long t = T0;
            PacketBuilder c = new PacketBuilder().ips("192.168.1.10", "203.0.113.80");
            PacketBuilder s = new PacketBuilder().ips("203.0.113.80", "192.168.1.10");
            byte[] req = "GET /index.html HTTP/1.1\r\nHost: intranet.example\r\nUser-Agent: demo\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] resp = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII);
            long cs = 1000, ss = 5000;
            w.write(t, c.tcp(49152, 80, cs, 0, PacketBuilder.TCP_SYN, new byte[0]));
            w.write(t += MS, s.tcp(80, 49152, ss, cs + 1, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK, new byte[0]));
            w.write(t += MS, c.tcp(49152, 80, cs + 1, ss + 1, PacketBuilder.TCP_ACK, new byte[0]));
            w.write(t += MS, c.tcp(49152, 80, cs + 1, ss + 1, PacketBuilder.TCP_ACK | PacketBuilder.TCP_PSH, req));
            w.write(t += MS, s.tcp(80, 49152, ss + 1, cs + 1 + req.length, PacketBuilder.TCP_ACK | PacketBuilder.TCP_PSH, resp));
            w.write(t += MS, c.tcp(49152, 80, cs + 1 + req.length, ss + 1 + resp.length, PacketBuilder.TCP_ACK | PacketBuilder.TCP_FIN, new byte[0]));
            w.write(t += MS, s.tcp(80, 49152, ss + 1 + resp.length, cs + 2 + req.length, PacketBuilder.TCP_ACK | PacketBuilder.TCP_FIN, new byte[0]));
            w.write(t += MS, c.tcp(49152, 80, cs + 2 + req.length, ss + 2 + resp.length, PacketBuilder.TCP_ACK, new byte[0]));

            PacketBuilder dq = new PacketBuilder().ips("192.168.1.10", "192.168.1.1");
            PacketBuilder da = new PacketBuilder().ips("192.168.1.1", "192.168.1.10");
            byte[] query = hex("12340100000100000000000008696e7472616e6574076578616d706c650000010001");
            byte[] answer = hex("12348180000100010000000008696e7472616e6574076578616d706c650000010001c00c000100010000012c0004cb007150");
            w.write(t += 10 * MS, dq.udp(53000, 53, query));
            w.write(t += 2 * MS, da.udp(53, 53000, answer));

            PacketBuilder p = new PacketBuilder().ips("192.168.1.10", "198.51.100.7");
            PacketBuilder q = new PacketBuilder().ips("198.51.100.7", "192.168.1.10");
            for (int i = 0; i < 3; i++) {
                w.write(t += 100 * MS, p.icmpEcho(true, 7, i, new byte[32]));
                w.write(t += 5 * MS, q.icmpEcho(false, 7, i, new byte[32]));
            }

            PacketBuilder vc = new PacketBuilder().ips("10.10.0.5", "10.10.0.9").vlans(42);
            PacketBuilder vs = new PacketBuilder().ips("10.10.0.9", "10.10.0.5").vlans(42);
            w.write(t += MS, vc.tcp(50000, 445, 1, 0, PacketBuilder.TCP_SYN, new byte[0]));
            w.write(t += MS, vs.tcp(445, 50000, 9, 2, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK, new byte[0]));
            w.write(t += MS, vc.tcp(50000, 445, 2, 10, PacketBuilder.TCP_ACK, new byte[0]));
            w.write(t += MS, vc.tcp(50000, 445, 2, 10, PacketBuilder.TCP_RST, new byte[0]));

            PacketBuilder v6c = new PacketBuilder().ips("2001:db8::10", "2001:db8::80");
            PacketBuilder v6s = new PacketBuilder().ips("2001:db8::80", "2001:db8::10");
            w.write(t += MS, v6c.tcp(40000, 22, 77, 0, PacketBuilder.TCP_SYN, new byte[0]));
            w.write(t += MS, v6s.tcp(22, 40000, 99, 78, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK, new byte[0]));
            w.write(t += MS, v6c.tcp(40000, 22, 78, 100, PacketBuilder.TCP_ACK, "SSH-2.0-demo\r\n".getBytes(StandardCharsets.US_ASCII)));

            PacketBuilder scan = new PacketBuilder().ips("198.51.100.66", "192.168.1.10");
            w.write(t += 50 * MS, scan.tcp(61000, 3389, 1, 0, PacketBuilder.TCP_SYN, new byte[0]));

            byte[] broken = c.tcp(49153, 80, 1, 0, PacketBuilder.TCP_SYN, new byte[0]);
            // IPv4 header cut after 10 bytes: a malformed frame the sensor must count and skip
            w.write(t += MS, broken, 0, 24, 24);
        }
        return file;
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
