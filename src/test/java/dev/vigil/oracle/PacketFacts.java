package dev.vigil.oracle;

import dev.vigil.testing.Tools;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per frame of one capture, what tshark's own checks say about packets a Suricata-compatible sensor does
 * not parse, so that {@link FieldAgreementTest} can show, value by value, why one is not counted:
 *
 * <ul>
 *   <li>an IPv4 total length (IPv6 payload length) larger than the bytes the frame has: Suricata's
 *       decoder raises {@code ipv4.trunc_pkt} ({@code ipv6.trunc_pkt}) and drops the packet;
 *   <li>a wrong TCP or UDP checksum, in a capture where Suricata's {@code checksum-checks: auto} (its
 *       default for capture files) keeps validating: it decides once, at the 1,000th packet, and turns
 *       validation off only when 10% or more of those packets had a wrong checksum. A packet that fails
 *       validation is counted in its flow but not reassembled or parsed (Vigil does the same).
 *   <li>the value is inside an ICMP or ICMPv6 error message's quote of another packet (tshark dissects
 *       the quoted header and whatever bytes of its payload were quoted): a quote is a copy of a packet
 *       that a router or host rejected, not a transaction; Suricata and Vigil decode its IP and
 *       transport headers for the ICMP record but parse no application layer in it.
 * </ul>
 *
 * tshark computes the checksums here (its {@code check_checksum} preferences, off by default); that run
 * is separate from the dissection of the values, since tshark does not reassemble TCP segments whose
 * checksum it found wrong.
 */
final class PacketFacts {
    static final int SUR_SAMPLE = 1000;
    static final int SUR_INVALID_PERCENT = 10;

    final Set<Integer> truncated = new HashSet<>();
    final Set<Integer> badChecksum = new HashSet<>();
    /** Frames whose application layer tshark dissected inside an ICMP error's quote. */
    final Set<Integer> icmpQuote = new HashSet<>();
    int packets;
    int invalidInSample;
    /** Frames of the first 1,000 with a TCP or UDP checksum (Vigil's offload sample counts these). */
    int checkedInSample;

    static PacketFacts of(Path file) {
        PacketFacts f = new PacketFacts();
        String agg = String.valueOf(FieldAgreementTest.AGG);
        for (String line : Tools.run(300, "tshark", "-r", file.toString(), "-n",
                "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=" + agg,
                "-e", "frame.number", "-e", "tcp.checksum.status", "-e", "udp.checksum.status",
                "-e", "_ws.expert.message", "-e", "frame.protocols").lines()) {
            String[] c = line.split("\t", -1);
            if (c.length < 5 || c[0].isEmpty()) continue;
            int frame = Integer.parseInt(c[0]);
            f.packets++;
            boolean bad = last(c[1], agg).equals("0") || last(c[2], agg).equals("0");
            if (frame <= SUR_SAMPLE && !(c[1].isEmpty() && c[2].isEmpty())) f.checkedInSample++;
            if (bad) {
                f.badChecksum.add(frame);
                if (frame <= SUR_SAMPLE) f.invalidInSample++;
            }
            if (c[3].contains("IPv4 total length exceeds packet length") || c[3].contains("IPv6 payload length exceeds framing length")) {
                f.truncated.add(frame);
            }
            if (c[4].contains(":icmp:ip:") || c[4].contains(":icmpv6:ipv6:")) f.icmpQuote.add(frame);
        }
        return f;
    }

    private static String last(String col, String agg) {
        int i = col.lastIndexOf(agg);
        return i < 0 ? col : col.substring(i + 1);
    }

    /** Suricata's checksum-checks auto still validates after its decision point. */
    boolean suricataValidates() {
        return packets < SUR_SAMPLE || invalidInSample * 100L < (long) SUR_INVALID_PERCENT * SUR_SAMPLE;
    }

    /**
     * Vigil validates too: its pre-pass ({@code pipeline.ChecksumOffload}) turns validation off for the
     * whole capture when over 10% of the TCP/UDP checksums of the first 1,000 packets are wrong, small
     * captures included (where Suricata never decides); a value lost there has another cause and counts.
     */
    boolean vigilValidates() {
        return !(checkedInSample > 0 && invalidInSample * 10L > checkedInSample);
    }

    /**
     * Why a value tshark showed only in {@code frames} is one a sensor does not log ("reason: evidence"),
     * or null when at least one of those frames is a packet a sensor parses.
     */
    String notForASensor(Set<Integer> frames) {
        if (frames.isEmpty()) return null;
        if (truncated.containsAll(frames)) {
            return "ip-truncated: frames " + list(frames) + " have an IP length beyond the frame (tshark's expert info);"
                    + " Suricata drops them as ipv4/ipv6.trunc_pkt";
        }
        if (icmpQuote.containsAll(frames)) {
            return "icmp-quote: frames " + list(frames) + " show it only inside an ICMP error's quote of another packet;"
                    + " a sensor parses no application layer in a quote";
        }
        if (suricataValidates() && vigilValidates() && badChecksum.containsAll(frames)) {
            return String.format(Locale.ROOT, "bad-checksum: frames %s have a wrong TCP/UDP checksum (tshark) and"
                    + " checksum validation stays on, in Suricata's checksum-checks auto and in Vigil's (%d packets, %d of %d"
                    + " checksums wrong in the first %d)", list(frames), packets, invalidInSample, checkedInSample, SUR_SAMPLE);
        }
        return null;
    }

    private static String list(Set<Integer> frames) {
        String s = frames.stream().limit(5).map(String::valueOf).collect(Collectors.joining(","));
        return frames.size() > 5 ? s + ",..." : s;
    }
}
