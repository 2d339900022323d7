package dev.vigil.applayer.files;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.fuzz.FuzzSeeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of file-type detection (in this package, not {@code dev.vigil.fuzz}: its
 * invariants compare package-private answers). An input is [1 byte: which file name, if any][the file's
 * first bytes]. Must hold: the signature index finds exactly the types that evaluating each clause
 * finds, and {@link FileMagic#detect} answers what Tika answers for the same bytes and name.
 */
class FileMagicFuzzTest {
    private static final String[] NAMES = {null, "a.bin", "index.html", "x.js", "doc.pdf", "/dir/y.png", "noext", "x.tar.gz",
        "a.txt", "mail.eml", "robots.txt", "x.xml", "graph.gv", "f.m", "http://example.com/a.exe"};

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(2, "<!DOCTYPE html><html><head><title>x</title></head></html>"),
                FuzzSeeds.prefixed(0, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj"),
                FuzzSeeds.prefixed(9, "Received: from a\r\nSubject: hi\r\nContent-Type: text/plain\r\n\r\nbody"),
                FuzzSeeds.prefixed(12, "/* made by dot */\ndigraph G { a -> b }"),
                FuzzSeeds.prefixed(13, "function y = f(x)\n"),
                FuzzSeeds.prefixed(11, "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
                FuzzSeeds.prefixed(0, "  0\nSECTION\n  2\nHEADER\n"),
                FuzzSeeds.prefixed(1, "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void detect(byte[] input) {
        if (input.length == 0) return;
        String name = NAMES[(input[0] & 0xFF) % NAMES.length];
        byte[] head = Arrays.copyOfRange(input, 1, Math.min(input.length, 1 + ObservedFile.MAGIC_BYTES));
        TikaMagicIndex index = TikaMagicIndex.get();
        int[] out = new int[64];
        int n = index.candidates(head, head.length, out);
        SortedSet<Integer> expected = index.candidatesOneByOne(head, head.length);
        java.util.TreeSet<Integer> got = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) got.add(out[i]);
        if (n < 0 || !got.equals(expected)) throw new IllegalStateException("index found " + got + ", clauses " + expected);
        String mine = FileMagic.detect(head, name), tika = FileMagic.tika(head, name);
        if (!mine.equals(tika)) throw new IllegalStateException("Vigil " + mine + ", Tika " + tika + " for name " + name);
    }
}
