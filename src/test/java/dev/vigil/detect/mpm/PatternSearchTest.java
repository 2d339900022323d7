package dev.vigil.detect.mpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The search finds the first occurrence a naive comparison finds, in either case rule, for every length. */
class PatternSearchTest {

    private static int naive(byte[] buf, int from, int end, byte[] p, boolean nocase) {
        for (int i = Math.max(0, from); i + p.length <= end; i++) {
            boolean ok = true;
            for (int j = 0; j < p.length && ok; j++) {
                int a = buf[i + j] & 0xFF, b = p[j] & 0xFF;
                ok = nocase ? AhoCorasick.fold(a) == AhoCorasick.fold(b) : a == b;
            }
            if (ok) return i;
        }
        return -1;
    }

    @Test
    void findsTheFirstOccurrenceANaiveSearchFinds() {
        Random r = new Random(23);
        for (int round = 0; round < 20_000; round++) {
            int alphabet = round % 3 == 0 ? 3 : round % 3 == 1 ? 26 : 256;
            int n = 1 + r.nextInt(round % 50 == 0 ? 400 : 24);
            byte[] p = new byte[n];
            for (int j = 0; j < n; j++) p[j] = (byte) (alphabet == 256 ? r.nextInt(256) : 'a' + r.nextInt(alphabet));
            byte[] buf = new byte[r.nextInt(3000)];
            for (int j = 0; j < buf.length; j++) {
                int v = alphabet == 256 ? r.nextInt(256) : 'a' + r.nextInt(alphabet);
                buf[j] = (byte) (v >= 'a' && v <= 'z' && r.nextInt(3) == 0 ? v - 32 : v);
            }
            // plant the pattern (or its other case) somewhere, sometimes at the very end
            if (buf.length >= n && r.nextBoolean()) {
                int at = r.nextInt(4) == 0 ? buf.length - n : r.nextInt(buf.length - n + 1);
                for (int j = 0; j < n; j++) {
                    int v = p[j] & 0xFF;
                    buf[at + j] = (byte) (v >= 'a' && v <= 'z' && r.nextBoolean() ? v - 32 : v);
                }
            }
            boolean nocase = r.nextBoolean();
            int from = buf.length == 0 ? 0 : r.nextInt(buf.length);
            int end = from + (buf.length == from ? 0 : r.nextInt(buf.length - from + 1));
            assertThat(new PatternSearch(p, nocase).find(buf, from, end))
                    .as("round %d", round).isEqualTo(naive(buf, from, end, p, nocase));
        }
    }

    @Test
    void caseRuleIsKept() {
        byte[] text = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx Content-Type: TEXT/html".getBytes(StandardCharsets.ISO_8859_1);
        byte[] p = "text/html".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new PatternSearch(p, false).find(text, 0, text.length)).isEqualTo(-1);
        assertThat(new PatternSearch(p, true).find(text, 0, text.length)).isEqualTo(55);
    }
}
