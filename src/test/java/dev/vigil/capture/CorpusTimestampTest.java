package dev.vigil.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Timestamps, lengths, interfaces and link types against tshark, record by record. Files whose
 * container is the point (format/, the multi-interface and multi-section pcapng-suite files) get a
 * tshark run each, so interface numbers can be checked too. A spread of the other captures is joined
 * with {@code mergecap -a} (which keeps every record's time and lengths) and read by one tshark run,
 * because tshark's start-up, not the reading, is what costs.
 *
 * <p>tshark prints the epoch as {@code seconds.nanoseconds} with the nanoseconds as a plain integer,
 * which is parsed exactly; no floating point is involved.
 */
class CorpusTimestampTest {

    private static final List<String> ONE_BY_ONE = List.of(
            "format/", "pcapng-suite/gopacket-le-test006", "pcapng-suite/gopacket-be-test006",
            "pcapng-suite/gopacket-le-test101", "pcapng-suite/gopacket-be-test101",
            "pcapng-suite/gopacket-le-test202", "pcapng-suite/gopacket-be-test202");
    /** One in this many of the remaining captures goes into the merged comparison. */
    private static final int SAMPLE_EVERY = 20;

    /**
     * Records where Wireshark 4.0 computes the time in 32 bits and overflows, so its value is not a
     * reference. Both hold a fraction field of 2^31, itself invalid: we carry it into the seconds.
     */
    private static final Map<String, String> TSHARK_TIME_UNUSABLE = Map.of(
            "format/tcpdump-timestamp_invalid_micro.pcap#3", "microsecond field 2147483648: Wireshark's 32-bit usec*1000 wraps to 0",
            "format/tcpdump-timestamp_invalid_nano.pcap#3", "nanosecond field 2147483648: Wireshark reads it as a negative int");

    /** Wireshark encapsulation numbers (frame.encap_type) of common link types; -1 skips the check. */
    private static int dltOfWtapEncap(int encap) {
        return switch (encap) {
            case 1 -> LinkType.ETHERNET;
            case 15 -> LinkType.NULL;
            case 25 -> LinkType.LINUX_SLL;
            default -> -1;
        };
    }

    record Rec(long tsNanos, boolean hasTs, long capLen, long wireLen, int iface, int linkType) {}

    @Test
    void recordsMatchTshark() throws Exception {
        Tools.require("tshark");
        Tools.require("mergecap");
        List<Path> oneByOne = new ArrayList<>();
        List<Path> merged = new ArrayList<>();
        int rest = 0;
        for (Path file : Corpus.allCaptures()) {
            String rel = rel(file);
            if (ONE_BY_ONE.stream().anyMatch(rel::startsWith)) oneByOne.add(file);
            // mergecap gives Simple Packet Blocks a zero time, so the pcapng suite is not merged
            else if (!rel.startsWith("pcapng-suite/") && rest++ % SAMPLE_EVERY == 0 && cleanRead(file)) merged.add(file);
        }
        List<String> failures = new ArrayList<>();
        Stats stats = new Stats();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> results = new ArrayList<>();
            for (Path f : oneByOne) results.add(pool.submit(() -> compareOne(f, stats)));
            results.add(pool.submit(() -> compareMerged(merged, stats)));
            for (Future<String> r : results) {
                String failure = r.get();
                if (failure != null) failures.add(failure);
            }
        }
        System.out.printf("tshark comparison: %d files read alone, %d merged; %d records compared, %d of them without a usable"
                        + " tshark time (Simple Packet Blocks, Wireshark overflows); %d disagreements%n",
                stats.alone, merged.size(), stats.records, stats.untimed, failures.size());
        failures.forEach(f -> System.out.println("  DISAGREE " + f));
        assertThat(failures).isEmpty();
        assertThat(stats.records).isGreaterThan(1000);
    }

    static final class Stats {
        int alone, records, untimed;
    }

    private static boolean cleanRead(Path file) {
        CorpusCountTest.Read r = CorpusCountTest.read(file);
        return r.refused() == null && r.problems().isEmpty() && r.count() > 0;
    }

    private static String compareOne(Path file, Stats stats) throws IOException {
        List<Rec> ours = new ArrayList<>();
        try {
            ours.addAll(ours(file));
        } catch (IOException refused) {
            return null; // refusing unreadable files is checked by CorpusCountTest
        }
        List<Rec> theirs = tshark(file);
        synchronized (stats) {
            stats.alone++;
        }
        return diff(rel(file), ours, theirs, true, stats);
    }

    private static String compareMerged(List<Path> files, Stats stats) throws IOException {
        Path out = Files.createTempFile("vigil-merged-", ".pcapng");
        try {
            List<String> cmd = new ArrayList<>(List.of("mergecap", "-a", "-F", "pcapng", "-w", out.toString()));
            List<Rec> ours = new ArrayList<>();
            for (Path f : files) {
                cmd.add(f.toString());
                ours.addAll(ours(f));
            }
            Tools.Result r = Tools.run(120, cmd.toArray(String[]::new));
            if (r.exitCode() != 0) return "mergecap failed with exit code " + r.exitCode();
            // interface numbers are renumbered by the merge: only times, lengths and link types count here
            return diff("merged sample of " + files.size() + " captures", ours, tshark(out), false, stats);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static List<Rec> ours(Path file) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (CaptureFile cf = CaptureFile.open(file); PacketSource src = cf.cursor()) {
            Frame f = new Frame();
            while (src.next(f)) out.add(new Rec(f.tsNanos, true, f.capLen, f.wireLen, f.interfaceId, f.linkType));
        }
        return out;
    }

    private static String diff(String name, List<Rec> ours, List<Rec> theirs, boolean checkInterfaces, Stats stats) {
        if (theirs.size() != ours.size()) return name + ": tshark shows " + theirs.size() + " records, we read " + ours.size();
        StringBuilder diff = new StringBuilder();
        int untimed = 0;
        for (int i = 0; i < ours.size(); i++) {
            Rec o = ours.get(i), t = theirs.get(i);
            boolean usableTime = t.hasTs && !TSHARK_TIME_UNUSABLE.containsKey(name + "#" + (i + 1));
            if (!usableTime) untimed++;
            boolean ok = (!usableTime || t.tsNanos == o.tsNanos) && t.capLen == o.capLen && t.wireLen == o.wireLen
                    && (t.linkType == -1 || t.linkType == o.linkType) && (!checkInterfaces || t.iface == -1 || t.iface == o.iface);
            if (!ok && diff.length() < 2000) diff.append(" record ").append(i + 1).append(": ours ").append(o).append(" tshark ").append(t).append(';');
        }
        synchronized (stats) {
            stats.records += ours.size();
            stats.untimed += untimed;
        }
        return diff.isEmpty() ? null : name + ":" + diff;
    }

    private static List<Rec> tshark(Path file) {
        List<Rec> out = new ArrayList<>();
        Tools.Result r = Tools.run(120, "tshark", "-n", "-r", file.toString(), "-T", "fields", "-e", "frame.time_epoch",
                "-e", "frame.cap_len", "-e", "frame.len", "-e", "frame.interface_id", "-e", "frame.encap_type");
        for (String line : r.lines()) {
            String[] c = line.split("\t", -1);
            if (c.length < 5 || c[4].isEmpty()) continue; // not a packet (custom block, statistics, ...)
            Long ts = parseEpoch(c[0]);
            out.add(new Rec(ts == null ? 0 : ts, ts != null, Long.parseLong(c[1]), Long.parseLong(c[2]),
                    c[3].isEmpty() ? -1 : Integer.parseInt(c[3]), dltOfWtapEncap(Integer.parseInt(c[4]))));
        }
        return out;
    }

    /**
     * "seconds.nanoseconds" to epoch nanoseconds; null for records without a time (Simple Packet
     * Blocks) or a negative one. Wireshark keeps an invalid fraction (a second or more) as it is and
     * prints it with more than nine digits; adding it to the seconds is what our readers do too.
     */
    static Long parseEpoch(String s) {
        if (s.isEmpty() || s.startsWith("-")) return null;
        int dot = s.indexOf('.');
        long secs = Long.parseLong(s.substring(0, dot));
        long nanos = Long.parseLong(s.substring(dot + 1));
        return secs * 1_000_000_000L + nanos;
    }

    private static String rel(Path file) {
        return Corpus.pcapDir().relativize(file).toString();
    }
}
