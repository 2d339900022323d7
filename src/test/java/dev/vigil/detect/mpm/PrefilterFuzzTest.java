package dev.vigil.detect.mpm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided differential fuzzing of the prefilter's walks: the patterns and the buffer both come
 * from the input, and the plain walk, the four lanes and the pair filter must report the same pattern ids
 * (a lane that starts too late, or a filter that skips a start, shows as a difference). An input is
 * [1 byte: pattern count][per pattern: 1 byte length, then its bytes][the buffer, repeated to a packet's size].
 */
class PrefilterFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.of(
                seed(new String[] {"GET ", "e", "\r\n", "Host: ", "0123456789abcdef"}, "GET / HTTP/1.1\r\nHost: example\r\n\r\n"),
                seed(new String[] {"\u0000\u0000", "\u00ffSMB", "s", "ab"}, "\u0000\u0000\u0000\u0085\u00ffSMBr\u0000\u0000abab"))
                .map(b -> Arguments.of((Object) b));
    }

    private static byte[] seed(String[] patterns, String buffer) {
        StringBuilder s = new StringBuilder().append((char) patterns.length);
        for (String p : patterns) s.append((char) p.length()).append(p);
        return s.append(buffer).toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @MethodSource("seeds")
    @FuzzTest
    void walksAgree(byte[] input) {
        if (input.length < 2) return;
        int count = 1 + (input[0] & 0x1F), at = 1;
        AhoCorasick.Builder b = AhoCorasick.builder();
        for (int k = 0; k < count && at < input.length; k++) {
            int len = 1 + (input[at++] & 0x0F);
            if (at + len > input.length) break;
            b.add(Arrays.copyOfRange(input, at, at + len), (len & 1) == 0, k);
            at += len;
        }
        if (b.size() == 0 || at >= input.length) return;
        // the rest, repeated up to a packet's size: lanes and the filter's statistics need long buffers
        byte[] tail = Arrays.copyOfRange(input, at, input.length);
        byte[] buf = new byte[Math.min(1500, tail.length * Math.max(1, 1500 / tail.length))];
        for (int i = 0; i < buf.length; i++) buf[i] = tail[i % tail.length];
        AhoCorasick ac = b.build();
        TreeSet<Integer> expected = null;
        for (int walk = AhoCorasick.PLAIN; walk <= AhoCorasick.FILTERED; walk++) {
            AhoCorasick.Scratch sc = ac.newScratch();
            sc.forced = walk;
            TreeSet<Integer> got = new TreeSet<>();
            ac.scanDistinct(buf, 0, buf.length, sc, got::add);
            if (expected == null) expected = got;
            else if (!got.equals(expected)) throw new AssertionError("walk " + walk + " found " + got + ", the plain walk " + expected);
        }
    }
}
