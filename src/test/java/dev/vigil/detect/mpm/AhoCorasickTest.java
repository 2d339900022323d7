package dev.vigil.detect.mpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every occurrence the automaton reports is one a naive search finds, and none is missed. */
class AhoCorasickTest {

    private static TreeSet<String> naive(List<byte[]> pats, List<Boolean> nocase, byte[] buf, int off, int len) {
        TreeSet<String> out = new TreeSet<>();
        for (int k = 0; k < pats.size(); k++) {
            byte[] p = pats.get(k);
            for (int end = off + p.length; end <= off + len; end++) {
                boolean ok = true;
                for (int j = 0; j < p.length && ok; j++) {
                    int a = buf[end - p.length + j] & 0xFF, b = p[j] & 0xFF;
                    ok = nocase.get(k) ? AhoCorasick.fold(a) == AhoCorasick.fold(b) : a == b;
                }
                if (ok) out.add(k + "@" + (end - off));
            }
        }
        return out;
    }

    @Test
    void findsExactlyWhatANaiveSearchFinds() {
        Random r = new Random(17);
        for (int round = 0; round < 300; round++) {
            int alphabet = 2 + r.nextInt(round % 3 == 0 ? 250 : 6);
            List<byte[]> pats = new ArrayList<>();
            List<Boolean> nocase = new ArrayList<>();
            AhoCorasick.Builder b = AhoCorasick.builder();
            int n = 1 + r.nextInt(40);
            for (int k = 0; k < n; k++) {
                byte[] p = new byte[1 + r.nextInt(6)];
                for (int j = 0; j < p.length; j++) p[j] = (byte) ('A' + r.nextInt(alphabet) % 60);
                boolean nc = r.nextBoolean();
                pats.add(p);
                nocase.add(nc);
                b.add(p, nc, k);
            }
            AhoCorasick ac = b.build();
            byte[] buf = new byte[r.nextInt(400)];
            for (int j = 0; j < buf.length; j++) buf[j] = (byte) ('A' + r.nextInt(alphabet) % 60 + (r.nextInt(4) == 0 ? 32 : 0));
            int off = buf.length == 0 ? 0 : r.nextInt(buf.length), len = buf.length - off;
            TreeSet<String> got = new TreeSet<>();
            ac.scan(buf, off, len, (id, end) -> got.add(id + "@" + end));
            TreeSet<String> expected = naive(pats, nocase, buf, off, len);
            assertThat(got).as("round %d", round).isEqualTo(expected);
            // distinct: each id found once, the ids of a case-blind naive search (a prefilter's superset),
            // with scratch reused across scans
            List<Boolean> allBlind = new ArrayList<>();
            for (int k = 0; k < pats.size(); k++) allBlind.add(true);
            List<Integer> once = new ArrayList<>();
            // each walk: the plain one, four lanes, the pair filter (the scratch reused across scans and walks)
            for (int rep = 0; rep < 6; rep++) {
                once.clear();
                AhoCorasick.Scratch sc = scratch(ac, round);
                sc.forced = rep % 3 + 1;
                ac.scanDistinct(buf, off, len, sc, once::add);
                TreeSet<Integer> ids = new TreeSet<>();
                for (String e : naive(pats, allBlind, buf, off, len)) ids.add(Integer.parseInt(e.substring(0, e.indexOf('@'))));
                assertThat(once).as("round %d", round).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(once)).as("round %d", round).isEqualTo(ids);
            }
        }
    }

    private final java.util.Map<Integer, AhoCorasick.Scratch> scratches = new java.util.HashMap<>();

    private AhoCorasick.Scratch scratch(AhoCorasick ac, int round) {
        return scratches.computeIfAbsent(round, k -> ac.newScratch());
    }

    @Test
    void equalPatternsOfManyIdsAreOneEntry() {
        AhoCorasick.Builder b = AhoCorasick.builder();
        for (int id = 0; id < 100; id++) b.add(new byte[] {3}, false, id);
        b.add(new byte[] {3}, true, 100);
        AhoCorasick ac = b.build();
        List<Integer> hits = new ArrayList<>();
        ac.scanDistinct(new byte[] {3, 1, 3, 3}, 0, 4, ac.newScratch(), hits::add);
        assertThat(hits).hasSize(101).doesNotHaveDuplicates();
        List<String> all = new ArrayList<>();
        ac.scan(new byte[] {3, 1, 3, 3}, 0, 4, (id, end) -> all.add(id + "@" + end));
        assertThat(all).hasSize(303);
    }

    @Test
    void largeAutomataUseTheWideTableAndFindTheSame() {
        // over 32,767 states: the table of int rows, not the compact one
        Random r = new Random(5);
        List<byte[]> pats = new ArrayList<>();
        List<Boolean> nocase = new ArrayList<>();
        AhoCorasick.Builder b = AhoCorasick.builder();
        for (int k = 0; k < 6000; k++) {
            byte[] p = new byte[8];
            for (int j = 0; j < p.length; j++) p[j] = (byte) ('a' + r.nextInt(16));
            pats.add(p);
            nocase.add(k % 2 == 0);
            b.add(p, k % 2 == 0, k);
        }
        AhoCorasick ac = b.build();
        assertThat(ac.states()).isGreaterThan(32_767);
        assertThat(ac.tableBytes()).isEqualTo(4L * ac.states() * 17);
        byte[] buf = new byte[3000];
        for (int j = 0; j < buf.length; j++) buf[j] = (byte) ('a' + r.nextInt(16) - (r.nextInt(3) == 0 ? 32 : 0));
        // plant some patterns so that there is something to find
        for (int k = 0; k < 40; k++) System.arraycopy(pats.get(r.nextInt(pats.size())), 0, buf, r.nextInt(buf.length - 8), 8);
        TreeSet<String> got = new TreeSet<>();
        ac.scan(buf, 0, buf.length, (id, end) -> got.add(id + "@" + end));
        TreeSet<String> expected = naive(pats, nocase, buf, 0, buf.length);
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void everyWalkFindsTheSameInLongBuffers() {
        // packet-sized buffers, patterns of 1 to 16 bytes planted across the lanes' boundaries and at the ends,
        // and the walk the automaton picks for itself as its filter statistics change over many scans
        Random r = new Random(11);
        for (int round = 0; round < 60; round++) {
            int alphabet = round % 2 == 0 ? 256 : 4;
            List<byte[]> pats = new ArrayList<>();
            AhoCorasick.Builder b = AhoCorasick.builder();
            int n = 1 + r.nextInt(round % 3 == 0 ? 400 : 20);
            for (int k = 0; k < n; k++) {
                byte[] p = new byte[1 + r.nextInt(k % 7 == 0 ? 2 : 16)];
                for (int j = 0; j < p.length; j++) p[j] = (byte) ('a' + r.nextInt(alphabet));
                pats.add(p);
                b.add(p, true, k);
            }
            AhoCorasick ac = b.build();
            AhoCorasick.Scratch chosen = ac.newScratch();
            for (int scan = 0; scan < 20; scan++) {
                byte[] buf = new byte[r.nextInt(5000)];
                for (int j = 0; j < buf.length; j++) buf[j] = (byte) ('a' + r.nextInt(alphabet));
                int quarter = buf.length / 4;
                for (int k = 0; k < 12 && buf.length > 20; k++) {
                    byte[] p = pats.get(r.nextInt(pats.size()));
                    int at = switch (k % 4) {
                        case 0 -> 0;
                        case 1 -> buf.length - p.length;
                        default -> Math.max(0, Math.min(buf.length - p.length, quarter * (1 + r.nextInt(3)) - r.nextInt(p.length)));
                    };
                    if (at >= 0) System.arraycopy(p, 0, buf, at, p.length);
                }
                TreeSet<Integer> ids = new TreeSet<>();
                List<Boolean> blind = new ArrayList<>();
                for (int k = 0; k < pats.size(); k++) blind.add(true);
                for (String e : naive(pats, blind, buf, 0, buf.length)) ids.add(Integer.parseInt(e.substring(0, e.indexOf('@'))));
                for (int walk = 0; walk <= AhoCorasick.FILTERED; walk++) {
                    AhoCorasick.Scratch sc = walk == 0 ? chosen : ac.newScratch();
                    sc.forced = walk;
                    List<Integer> once = new ArrayList<>();
                    ac.scanDistinct(buf, 0, buf.length, sc, once::add);
                    assertThat(once).as("round %d scan %d walk %d", round, scan, walk).doesNotHaveDuplicates();
                    assertThat(new TreeSet<>(once)).as("round %d scan %d walk %d", round, scan, walk).isEqualTo(ids);
                }
            }
        }
    }

    @Test
    void caseSensitivePatternsAreComparedExactlyAndSharedIdsReportEach() {
        AhoCorasick ac = AhoCorasick.builder()
                .add("GET /".getBytes(StandardCharsets.ISO_8859_1), false, 1)
                .add("get /".getBytes(StandardCharsets.ISO_8859_1), true, 2)
                .add("/admin".getBytes(StandardCharsets.ISO_8859_1), false, 3)
                .add("admin".getBytes(StandardCharsets.ISO_8859_1), true, 3)
                .add(new byte[] {0, (byte) 0xFF}, false, 4)
                .build();
        List<String> hits = new ArrayList<>();
        byte[] buf = "get /ADMIN GET /admin \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        ac.scan(buf, 0, buf.length, (id, end) -> hits.add(id + "@" + end));
        assertThat(hits).containsExactly("2@5", "3@10", "1@16", "2@16", "3@21", "3@21", "4@24");
        assertThat(ac.states()).isLessThan(30);
    }


    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
