package dev.vigil.applayer.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link TikaMagicIndex#candidates} finds exactly the types one of whose clauses matches, the same set
 * a clause-by-clause evaluation finds, on files with signatures planted where their ranges allow
 * (both cases of a case-blind pattern, untested bytes random) inside text and binary filler.
 */
class TikaMagicIndexTest {
    private final TikaMagicIndex index = TikaMagicIndex.get();

    @Test
    void theIndexFindsWhatEvaluatingEveryClauseFinds() {
        List<TikaMagicIndex.Clause> planted = index.clauses().stream().filter(c -> c.pattern() != null).toList();
        assertThat(planted).hasSizeGreaterThan(500);
        assertThat(planted.stream().filter(c -> c.from() != c.to()).count()).as("ranged clauses").isGreaterThan(50);
        Random r = new Random(7);
        int files = 0, withCandidates = 0;
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            byte[] b = filler(r, 1 + r.nextInt(r.nextBoolean() ? 200 : ObservedFile.MAGIC_BYTES));
            for (int k = r.nextInt(4); k > 0; k--) plant(b, planted.get(r.nextInt(planted.size())), r);
            int len = r.nextInt(10) == 0 ? r.nextInt(b.length + 1) : b.length;
            SortedSet<Integer> expected = index.candidatesOneByOne(b, len);
            int[] out = new int[64];
            int n = index.candidates(b, len, out);
            SortedSet<Integer> got = new TreeSet<>();
            for (int j = 0; j < n; j++) got.add(out[j]);
            files++;
            if (!expected.isEmpty()) withCandidates++;
            if (n < 0 || !got.equals(expected)) differ.add(len + " bytes: index " + names(got) + ", one by one " + names(expected));
        }
        differ.stream().limit(20).forEach(d -> System.out.println("  DIFFER " + d));
        System.out.printf("tika magic index: %d files, %d with a candidate, %d differ%n", files, withCandidates, differ.size());
        assertThat(withCandidates).isGreaterThan(files / 2);
        assertThat(differ).isEmpty();
    }

    @Test
    void caseBlindHeadersAndLiteralsAreFoundAnywhereInTheirRange() {
        byte[] mail = ("Some preamble line\nsUbJeCt: hello\nFROM: a@example.org\n\nbody").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(names(index.candidatesOneByOne(mail, mail.length))).contains("message/rfc822");
        assertThat(names(found(mail))).isEqualTo(names(index.candidatesOneByOne(mail, mail.length)));
        byte[] ai = new byte[3000];
        Arrays.fill(ai, (byte) 'x');
        byte[] lit = "\n%AI5_FileFormat 3\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(lit, 0, ai, 2500, lit.length);
        assertThat(names(found(ai))).contains("application/illustrator+ps").isEqualTo(names(index.candidatesOneByOne(ai, ai.length)));
        // the literal without what the expression wants around it: Tika says no, and so does the index
        ai[2500] = 'x';
        assertThat(names(found(ai))).doesNotContain("application/illustrator+ps");
    }

    @Test
    void filesTikasRegularExpressionsMatchAreAlwaysCandidates() {
        // type, content: each one Tika's detector, by one of its regular expressions, says is of that type
        String[][] samples = {
            {"text/html", "<HTML><body>x"}, {"text/html", "<div class=\"a\">"}, {"text/html", "<TiTlE>t</title>"},
            {"text/html", "<h1>Header</h1>"}, {"text/html", "<H3 id=x>"},
            {"text/vnd.graphviz", "digraph G { a -> b }"}, {"text/vnd.graphviz", "  strict graph {\n a -- b }"},
            {"text/vnd.graphviz", "// generated\n// by dot\ndigraph x {}"}, {"text/vnd.graphviz", "/* a graph */\ngraph{}"},
            {"text/x-matlab", "function y = f(x)\n  y = x;\nend\n"}, {"text/x-matlab", "function plotit\nplot(1)\n"},
            {"image/vnd.dxf; format=ascii", "  0\nSECTION\n  2\nHEADER\n"},
            {"image/vnd.dxf; format=ascii", "999\r\nmade by hand   \r\n0\r\nSECTION\r\n  2\r\nENTITIES\r\n"},
            {"application/illustrator+ps", "%!PS-Adobe-3.0\n%%Creator: Adobe Illustrator\n%AI5_FileFormat 3\n%%EOF"},
        };
        for (String[] s : samples) {
            byte[] b = s[1].getBytes(StandardCharsets.ISO_8859_1);
            assertThat(FileMagic.tika(b, null)).as("Tika on %s", s[1]).isEqualTo(s[0]);
            assertThat(names(found(b))).as("candidates of %s", s[1]).contains(s[0]);
            assertThat(names(found(b))).isEqualTo(names(index.candidatesOneByOne(b, b.length)));
        }
        // and what the expressions refuse is not a candidate: a JavaScript function, a paragraph, an <hr>
        for (String s : new String[] {"function (a) { return a; }", "/* paragraph */ var x;", "<hr>", "<h4>"}) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(names(found(b))).as(s).doesNotContain("text/x-matlab", "text/vnd.graphviz", "text/html");
        }
    }

    private SortedSet<Integer> found(byte[] b) {
        int[] out = new int[64];
        int n = index.candidates(b, b.length, out);
        SortedSet<Integer> got = new TreeSet<>();
        for (int j = 0; j < n; j++) got.add(out[j]);
        return got;
    }

    private List<String> names(SortedSet<Integer> types) {
        return types.stream().map(index::typeName).sorted().toList();
    }

    private static byte[] filler(Random r, int len) {
        byte[] b = new byte[len];
        int kind = r.nextInt(3);
        String text = "abcdefghij klmnopqrstuvwxyz ABCDEFGHIJ <html> </div> Date: From: -:%\r\n\t=\"/!?";
        for (int i = 0; i < len; i++) {
            b[i] = switch (kind) {
                case 0 -> (byte) r.nextInt(256);
                case 1 -> (byte) text.charAt(r.nextInt(text.length()));
                default -> (byte) (r.nextInt(8) == 0 ? '\n' : 32 + r.nextInt(95));
            };
        }
        return b;
    }

    /** Writes the clause's pattern at an offset its range allows: tested bytes as given, the rest random. */
    private static void plant(byte[] b, TikaMagicIndex.Clause c, Random r) {
        byte[] p = c.pattern();
        int last = Math.min(c.to(), b.length - p.length);
        if (last < c.from()) return;
        int at = c.from() + r.nextInt(last - c.from() + 1);
        for (int j = 0; j < p.length; j++) {
            int m = c.mask()[j] & 0xFF;
            int v = (p[j] & m) | (r.nextInt(256) & ~m);
            if (c.ignoreCase() && v >= 'a' && v <= 'z' && r.nextBoolean()) v -= 32;
            b[at + j] = (byte) v;
        }
    }
}
