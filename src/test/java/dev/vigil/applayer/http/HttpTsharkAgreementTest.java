package dev.vigil.applayer.http;

import dev.vigil.testing.RecordingContext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.applayer.Probe;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.TcpFollow;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Host, URI, User-Agent and status code of every HTTP/1.x message tshark dissects in the corpus
 * captures that carry HTTP, against what {@link HttpParser} logs for the same TCP streams (reassembled
 * by tshark and fed in capture order). Values are compared per stream as multisets, so the order of
 * pipelined messages within a frame does not matter. Known, accepted differences: a request target
 * with spaces (tshark stops at the first, libhtp and Vigil at the protocol), captures with lost
 * segments (tshark's follow output does not mark the holes, so the bytes fed are misaligned), and
 * interim 1xx statuses (skipped above).
 */
class HttpTsharkAgreementTest {
    /** tshark's aggregator takes one character: one no header value holds. */
    static final String SEP = "\u0001";
    static final String[] FIELDS = {"host", "uri", "user_agent", "status"};

    /** Captures with HTTP/1.x: the http folder and every other capture whose name says HTTP or web. */
    static List<Path> captures() {
        List<Path> out = new ArrayList<>();
        for (Path p : Corpus.allCaptures()) {
            String rel = Corpus.pcapDir().relativize(p).toString().toLowerCase(Locale.ROOT);
            boolean notHttp1 = rel.contains("https") || rel.contains("http2") || rel.contains("http3") || rel.contains("quic");
            if (rel.startsWith("http/") || rel.startsWith("attacks/") || (rel.contains("http") && !notHttp1)
                    || rel.startsWith("realistic/cs-http")) out.add(p);
        }
        return out;
    }

    @Test
    void fieldsAgreeWithTshark() throws IOException {
        Tools.require("tshark");
        int[] agree = new int[FIELDS.length], total = new int[FIELDS.length];
        List<String> misses = new ArrayList<>();
        int files = 0, streams = 0, txs = 0;
        for (Path f : captures()) {
            if (!Files.exists(f)) continue;
            TcpFollow.Query q = query(f);
            Map<Integer, Map<String, List<String>>> expected = tsharkValues(q.lines());
            if (expected.isEmpty()) continue;
            files++;
            Map<Integer, TcpFollow.Stream> convs = q.streams(expected.keySet());
            for (var e : expected.entrySet()) {
                TcpFollow.Stream c = convs.get(e.getKey());
                Map<String, List<String>> ours = c == null ? Map.of() : parse(c);
                streams++;
                txs += ours.getOrDefault("status", List.of()).size();
                for (int i = 0; i < FIELDS.length; i++) {
                    List<String> mine = new ArrayList<>(ours.getOrDefault(FIELDS[i], List.of()));
                    for (String v : e.getValue().getOrDefault(FIELDS[i], List.of())) {
                        total[i]++;
                        if (mine.remove(v)) agree[i]++;
                        else if (misses.size() < 60) misses.add(Corpus.pcapDir().relativize(f) + " stream " + e.getKey() + " " + FIELDS[i] + ": tshark [" + v + "] ours " + ours.getOrDefault(FIELDS[i], List.of()));
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder("HTTP agreement with tshark over " + files + " captures, " + streams + " streams (" + txs + " statuses logged):");
        for (int i = 0; i < FIELDS.length; i++) sb.append(String.format(" %s %d/%d (%.2f%%)", FIELDS[i], agree[i], total[i], 100.0 * agree[i] / Math.max(1, total[i])));
        System.out.println(sb);
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertThat(files).isGreaterThan(20);
        for (int i = 0; i < FIELDS.length; i++) {
            assertThat(total[i]).as(FIELDS[i] + " values from tshark").isGreaterThan(100);
            assertThat(agree[i] * 100L).as(FIELDS[i] + " agreement").isGreaterThanOrEqualTo(99L * total[i]);
        }
    }

    /** Our values per field for one stream, fed segment by segment in capture order. */
    static Map<String, List<String>> parse(TcpFollow.Stream c) {
        boolean node0Client = node0IsClient(c);
        RecordingContext ctx = new RecordingContext();
        HttpParser p = new HttpParser(ctx);
        for (TcpFollow.Segment s : c.segments()) {
            if (p.done()) break;
            p.onData(s.fromNode0() == node0Client, s.data(), 0, s.data().length);
        }
        p.onClose();
        Map<String, List<String>> out = new HashMap<>();
        for (HttpRecord r : ctx.of(HttpRecord.class)) {
            if (r.hostname() != null) out.computeIfAbsent("host", k -> new ArrayList<>()).add(r.hostname());
            if (r.url() != null) out.computeIfAbsent("uri", k -> new ArrayList<>()).add(r.url());
            if (r.userAgent() != null) out.computeIfAbsent("user_agent", k -> new ArrayList<>()).add(r.userAgent());
            if (r.status() > 0) out.computeIfAbsent("status", k -> new ArrayList<>()).add(Integer.toString(r.status()));
        }
        return out;
    }

    static boolean node0IsClient(TcpFollow.Stream c) {
        HttpProtocol proto = new HttpProtocol();
        byte[] a = c.bytes(true), b = c.bytes(false);
        if (a.length > 0 && proto.probe(true, a, 0, Math.min(a.length, 64), 0, 0) == Probe.MATCH) return true;
        if (b.length > 0 && proto.probe(true, b, 0, Math.min(b.length, 64), 0, 0) == Probe.MATCH) return false;
        return !(a.length > 0 && proto.probe(false, a, 0, Math.min(a.length, 64), 0, 0) == Probe.MATCH);
    }

    /** tshark's HTTP fields of a capture, with (small captures) its streams followed in the same run. */
    static TcpFollow.Query query(Path f) {
        return TcpFollow.query(f, List.of(), List.of("-Y", "http.request or http.response", "-T", "fields",
                "-E", "occurrence=a", "-E", "aggregator=" + SEP, "-e", "tcp.stream", "-e", "http.host", "-e", "http.request.uri",
                "-e", "http.user_agent", "-e", "http.response.code"));
    }

    /** tshark's values per stream and field (from {@link #query}); hosts as Suricata logs them (port cut, lower case). */
    static Map<Integer, Map<String, List<String>>> tsharkValues(List<String> lines) {
        Map<Integer, Map<String, List<String>>> out = new TreeMap<>();
        for (String line : lines) {
            String[] col = line.split("\t", -1);
            if (col.length < 5 || col[0].isEmpty() || col[0].contains(SEP)) continue;
            int stream = Integer.parseInt(col[0]);
            Map<String, List<String>> m = out.computeIfAbsent(stream, k -> new HashMap<>());
            for (int i = 0; i < FIELDS.length; i++) {
                if (col[i + 1].isEmpty()) continue;
                for (String v : col[i + 1].split(SEP, -1)) {
                    if (v.isEmpty()) continue;
                    if (i == 0) v = hostname(v);
                    // interim responses (100 Continue) are no transactions: Suricata logs the final status only
                    if (i == 3 && v.length() == 3 && v.charAt(0) == '1' && !v.equals("101")) continue;
                    m.computeIfAbsent(FIELDS[i], k -> new ArrayList<>()).add(v);
                }
            }
        }
        return out;
    }

    static String hostname(String host) {
        String h = host.trim();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close > 0) h = h.substring(0, close + 1);
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.toLowerCase(Locale.ROOT);
    }

}
