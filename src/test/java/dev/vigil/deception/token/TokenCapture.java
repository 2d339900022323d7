package dev.vigil.deception.token;

import dev.vigil.capture.LinkType;
import dev.vigil.capture.PcapWriter;
import dev.vigil.scenario.PacketBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Captures in which an intruder uses honeytokens, written with Vigil's own pcap writer: DNS questions,
 * and TCP sessions (handshake, one request and its response, close) carrying whatever a test asks.
 */
public final class TokenCapture implements AutoCloseable {
    static final long T0 = 1_764_000_000L * 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private final PcapWriter w;
    private long t = T0;
    private int port = 40_000;

    public TokenCapture(Path file) throws IOException {
        w = new PcapWriter(Files.newOutputStream(file), LinkType.ETHERNET);
    }

    /** A DNS question for {@code name} from {@code client} to {@code resolver}, and a NXDOMAIN answer. */
    public TokenCapture dns(String client, String resolver, String name) throws IOException {
        int id = port & 0xffff;
        byte[] q = question(id, name, false);
        byte[] a = question(id, name, true);
        int sport = port++;
        w.write(t += 10 * MS, new PacketBuilder().ips(client, resolver).udp(sport, 53, q));
        w.write(t += 2 * MS, new PacketBuilder().ips(resolver, client).udp(53, sport, a));
        return this;
    }

    private static byte[] question(int id, String name, boolean answer) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(id >> 8);
        b.write(id);
        b.write(answer ? 0x81 : 0x01);
        b.write(answer ? 0x83 : 0x00);
        b.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.write(0);
        b.writeBytes(new byte[] {0, 1, 0, 1});
        return b.toByteArray();
    }

    /** A TCP session from {@code client} to {@code server}:{@code dport}: the request, the response, a close. */
    public TokenCapture tcp(String client, String server, int dport, String request, String response) throws IOException {
        PacketBuilder c = new PacketBuilder().ips(client, server);
        PacketBuilder s = new PacketBuilder().ips(server, client);
        byte[] req = request.getBytes(StandardCharsets.ISO_8859_1), resp = response.getBytes(StandardCharsets.ISO_8859_1);
        int sport = port++;
        long cs = 1000, ss = 5000;
        w.write(t += 20 * MS, c.tcp(sport, dport, cs, 0, PacketBuilder.TCP_SYN, new byte[0]));
        w.write(t += MS, s.tcp(dport, sport, ss, cs + 1, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK, new byte[0]));
        w.write(t += MS, c.tcp(sport, dport, cs + 1, ss + 1, PacketBuilder.TCP_ACK, new byte[0]));
        boolean serverFirst = dport == 21;
        if (serverFirst) {
            // FTP: the greeting first, then the commands and their replies
            byte[] greet = "220 FTP server ready\r\n".getBytes(StandardCharsets.US_ASCII);
            w.write(t += MS, s.tcp(dport, sport, ss + 1, cs + 1, PacketBuilder.TCP_ACK | PacketBuilder.TCP_PSH, greet));
            ss += greet.length;
        }
        w.write(t += MS, c.tcp(sport, dport, cs + 1, ss + 1, PacketBuilder.TCP_ACK | PacketBuilder.TCP_PSH, req));
        w.write(t += 3 * MS, s.tcp(dport, sport, ss + 1, cs + 1 + req.length, PacketBuilder.TCP_ACK | PacketBuilder.TCP_PSH, resp));
        w.write(t += MS, c.tcp(sport, dport, cs + 1 + req.length, ss + 1 + resp.length, PacketBuilder.TCP_ACK | PacketBuilder.TCP_FIN, new byte[0]));
        w.write(t += MS, s.tcp(dport, sport, ss + 1 + resp.length, cs + 2 + req.length, PacketBuilder.TCP_ACK | PacketBuilder.TCP_FIN, new byte[0]));
        w.write(t += MS, c.tcp(sport, dport, cs + 2 + req.length, ss + 2 + resp.length, PacketBuilder.TCP_ACK, new byte[0]));
        return this;
    }

    public static String basic(String user, String password) {
        return java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static final String UNAUTHORIZED = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nWWW-Authenticate: Basic realm=\"intranet\"\r\n\r\n";

    @Override
    public void close() throws IOException {
        w.close();
    }
}
