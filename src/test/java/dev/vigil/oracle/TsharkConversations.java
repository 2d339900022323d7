package dev.vigil.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.vigil.testing.TsharkCache;

/**
 * Wireshark's conversation tables ({@code tshark -n -q -r F -z conv,tcp -z conv,udp}) for one capture,
 * parsed.
 *
 * <p>How Wireshark 4.0 defines them (ui/cli/tap-iousers.c and epan/conversation_table.c): the TCP
 * and UDP taps fire once per TCP/UDP header dissected in a frame, including headers inside tunnels,
 * but not headers quoted inside ICMP errors. A conversation is keyed by addresses and ports (TCP
 * additionally by {@code tcp.stream}, so one 5-tuple reused by several connections gives several
 * rows). Side A is the source of the first frame seen; the {@code ->} columns count frames from A to
 * B, the {@code <-} columns from B to A. Bytes are frame lengths on the wire ({@code frame.len}), so a
 * tunnelled conversation is charged the whole outer frame. Byte counts are printed with
 * {@code format_size}: exact below 10,000, then truncated to whole kB (10^3) below 10^7, whole MB below
 * 10^10 and GB beyond; {@link #formatBytes} reproduces that, so a comparison can be exact to what
 * tshark prints.
 *
 * <p>Extra taps with a display filter count, per conversation, the frames that match the filter, in
 * the same single tshark run. Output goes through {@link TsharkCache} (under {@code target/tshark-cache}),
 * because starting tshark costs about half a CPU-second per file.
 */
final class TsharkConversations {

    /** One row of a conversation table ({@code proto} TCP, UDP or IP; port 0 for IP). Addresses as tshark prints them ({@code -n}). */
    record Row(String proto, String filter, String addrA, int portA, String addrB, int portB,
               long framesAB, String bytesAB, long framesBA, String bytesBA) {}

    /** Result of one tshark run: its exit code and every row of every table, by filter ("" = none). */
    record Result(int exitCode, List<Row> rows, String error) {
        List<Row> rows(String proto, String filter) {
            return rows.stream().filter(r -> r.proto.equals(proto) && r.filter.equals(filter)).toList();
        }
    }

    private static final Pattern ROW = Pattern.compile(
            "^(\\S+)\\s+<->\\s+(\\S+)\\s+(\\d+)\\s+(\\d+ (?:bytes|kB|MB|GB|TB))\\s+(\\d+)\\s+(\\d+ (?:bytes|kB|MB|GB|TB))\\s+.*$");

    private TsharkConversations() {}

    /** tshark's bytes text for an exact value (Wireshark 4.0 {@code format_size}, SI units, truncating). */
    static String formatBytes(long v) {
        if (v < 10_000L) return v + " bytes";
        if (v < 10_000_000L) return v / 1000 + " kB";
        if (v < 10_000_000_000L) return v / 1_000_000 + " MB";
        if (v < 10_000_000_000_000L) return v / 1_000_000_000 + " GB";
        return v / 1_000_000_000_000L + " TB";
    }

    static String version() {
        return TsharkCache.version();
    }

    /**
     * Runs (or reads from the cache) tshark's TCP and UDP conversation tables, one more pair per
     * {@code portFilters} entry, and one IP (address-pair) table per {@code ipFilters} entry.
     */
    static Result of(Path capture, List<String> portFilters, List<String> ipFilters) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-q", "-r", capture.toString(),
                "-z", "conv,tcp", "-z", "conv,udp"));
        for (String f : portFilters) {
            cmd.add("-z");
            cmd.add("conv,tcp," + f);
            cmd.add("-z");
            cmd.add("conv,udp," + f);
        }
        for (String f : ipFilters) {
            cmd.add("-z");
            cmd.add("conv,ip," + f);
            cmd.add("-z");
            cmd.add("conv,ipv6," + f);
        }
        Output out = run(capture, cmd);
        if (out.error != null) return new Result(-1, List.of(), out.error);
        return new Result(out.exitCode, parse(out.text), null);
    }

    /** A tshark run's exit code and stdout, or why it could not run. */
    record Output(int exitCode, String text, String error) {}

    /** Runs {@code cmd} (which reads {@code capture}) in the C locale, or returns its cached output. */
    static Output run(Path capture, List<String> cmd) {
        try {
            TsharkCache.Output out = TsharkCache.run(capture, cmd, Map.of("LC_ALL", "C"), 300);
            return new Output(out.exitCode(), out.text(), null);
        } catch (AssertionError e) {
            return new Output(-1, "", "tshark: " + e.getMessage());
        }
    }

    /** An ICMPv4 destination unreachable quoting a TCP or UDP header: who sent it, what it quotes, its length. */
    record IcmpError(String sender, String proto, String src, int sp, String dst, int dp, long frameLen) {}

    /**
     * The ICMPv4 destination-unreachable frames of a capture that quote a TCP or UDP header (tshark does
     * not count those quoted headers in its conversations; Suricata charges such an ICMP error to the
     * TCP/UDP flow it quotes).
     */
    static List<IcmpError> icmpErrors(Path capture) {
        List<String> cmd = List.of("tshark", "-n", "-r", capture.toString(), "-Y", "icmp.type == 3 && (udp || tcp)",
                "-T", "fields", "-e", "frame.len", "-e", "ip.src", "-e", "ip.dst", "-e", "udp.srcport", "-e", "udp.dstport",
                "-e", "tcp.srcport", "-e", "tcp.dstport", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t");
        Output out = run(capture, cmd);
        List<IcmpError> errors = new ArrayList<>();
        if (out.error != null) return errors;
        for (String line : out.text.split("\n")) {
            String[] c = line.split("\t", -1);
            if (c.length < 7 || c[0].isBlank()) continue;
            String[] src = c[1].split(","), dst = c[2].split(",");
            if (src.length < 2 || dst.length < 2) continue;
            boolean udp = !c[3].isBlank();
            String sp = udp ? c[3] : c[5], dp = udp ? c[4] : c[6];
            if (sp.isBlank() || dp.isBlank()) continue;
            errors.add(new IcmpError(src[src.length - 2], udp ? "UDP" : "TCP", src[src.length - 1], Integer.parseInt(sp.split(",")[0]),
                    dst[dst.length - 1], Integer.parseInt(dp.split(",")[0]), Long.parseLong(c[0])));
        }
        return errors;
    }

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        String proto = null, filter = null;
        for (String line : text.split("\n")) {
            if (line.equals("TCP Conversations")) { proto = "TCP"; filter = null; continue; }
            if (line.equals("UDP Conversations")) { proto = "UDP"; filter = null; continue; }
            if (line.equals("IPv4 Conversations") || line.equals("IPv6 Conversations")) { proto = "IP"; filter = null; continue; }
            if (line.startsWith("Filter:") && proto != null) {
                String f = line.substring("Filter:".length());
                filter = f.equals("<No Filter>") ? "" : f;
                continue;
            }
            if (proto == null || filter == null) continue;
            Matcher m = ROW.matcher(line);
            if (!m.matches()) continue;
            boolean ports = !proto.equals("IP");
            String[] a = ports ? splitEndpoint(m.group(1)) : new String[] {m.group(1), "0"};
            String[] b = ports ? splitEndpoint(m.group(2)) : new String[] {m.group(2), "0"};
            // columns: "<-" (B to A) first, then "->" (A to B)
            rows.add(new Row(proto, filter, a[0], Integer.parseInt(a[1]), b[0], Integer.parseInt(b[1]),
                    Long.parseLong(m.group(5)), m.group(6), Long.parseLong(m.group(3)), m.group(4)));
        }
        return rows;
    }

    /** "10.0.0.1:80" or "fe80::1:546": the port follows the last colon. */
    private static String[] splitEndpoint(String s) {
        int i = s.lastIndexOf(':');
        return new String[] {s.substring(0, i), s.substring(i + 1)};
    }
}
