package dev.vigil.applayer.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.tika.detect.MagicDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Which of Tika's magic signatures could possibly match a file's first bytes: a necessary condition,
 * cheap to test, so that {@link FileMagic} knows when Tika's own (slow, per-pattern) magic pass would
 * find nothing, or nothing but the one type Vigil's table names, without running it.
 *
 * <p>Built once from Tika's own registry ({@code tika-mimetypes.xml} in the Tika jar). A magic matches
 * only if one of its top-level {@code <match>} clauses does (nested clauses only narrow it), so only
 * the top-level clauses are indexed, most of them by one byte at a fixed offset. Every clause is checked
 * against Tika's own detector when the index is built: the pattern as decoded here must match, and each
 * byte this index tests must matter to Tika (flipping it must stop Tika's match); a byte that does not
 * matter is not tested, and a clause that cannot be verified (or a regular expression) is evaluated by
 * Tika's detector itself. So the index can only err towards "might match", never miss a type.
 */
final class TikaMagicIndex {
    /** Bytes of a pattern tested here at most: fewer than Tika tests is still a necessary condition. */
    private static final int MAX_TESTED = 12;
    /** Vigil keeps at most this many bytes of a file ({@link ObservedFile#MAGIC_BYTES}). */
    private static final int MAX_HEAD = ObservedFile.MAGIC_BYTES;

    /** One top-level clause: pattern bytes with a mask (0 = not tested) at an offset in [from, to]. */
    record Clause(int type, int from, int to, byte[] pattern, byte[] mask, boolean ignoreCase, MagicDetector tika,
            RegexPrefilter pre) {
        Clause(int type, int from, int to, byte[] pattern, byte[] mask, boolean ignoreCase, MagicDetector tika) {
            this(type, from, to, pattern, mask, ignoreCase, tika, null);
        }

        boolean matchesAt(byte[] b, int len, int at) {
            if (at + pattern.length > len) return false;
            for (int j = 0; j < pattern.length; j++) {
                int m = mask[j] & 0xFF;
                if (m == 0) continue;
                int x = b[at + j] & 0xFF;
                if (ignoreCase && x >= 'A' && x <= 'Z') x += 32;
                if ((x & m) != (pattern[j] & m)) return false;
            }
            return true;
        }

        /**
         * The fully tested byte a range scan looks for first: the one least common in text (control
         * and non-ASCII bytes before punctuation, before letters and digits, before white space), so
         * that few positions get the whole comparison. {@code pattern.length} when there is none.
         */
        int scanAnchor() {
            int best = pattern.length, bestRank = Integer.MAX_VALUE;
            for (int j = 0; j < pattern.length; j++) {
                if ((mask[j] & 0xFF) != 0xFF) continue;
                int rank = commonness(pattern[j] & 0xFF);
                if (rank < bestRank) { best = j; bestRank = rank; }
            }
            return best;
        }

        /**
         * The first of two adjacent fully tested bytes that are together the least common in text (see
         * {@link #scanAnchor}): the range scan looks for the pair, and a pair is far rarer than one byte,
         * so the whole comparison runs at few positions. -1 when there is no such pair.
         */
        int scanPair() {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int j = 0; j + 1 < pattern.length; j++) {
                if ((mask[j] & 0xFF) != 0xFF || (mask[j + 1] & 0xFF) != 0xFF) continue;
                int rank = commonness(pattern[j] & 0xFF) + commonness(pattern[j + 1] & 0xFF);
                if (rank < bestRank) { best = j; bestRank = rank; }
            }
            return best;
        }

        /**
         * Whether the clause matches {@code b[0..len)}. A clause Tika evaluates may carry a literal its
         * expression needs somewhere in its range ({@link #requiredLiteral}): it is looked for first.
         */
        boolean matches(byte[] b, int len) {
            if (tika == null) return bytesMatch(b, len);
            if (pattern != null && !bytesMatch(b, len)) return false;
            return confirmed(b, len);
        }

        /** For a clause Tika evaluates: its prefilter, then Tika's own detector. */
        boolean confirmed(byte[] b, int len) {
            return (pre == null || pre.mayMatch(b, len)) && tikaMatches(b, len);
        }

        boolean tikaMatches(byte[] b, int len) {
            try {
                return !MediaType.OCTET_STREAM.equals(tika.detect(new ByteArrayInputStream(b, 0, len), new Metadata()));
            } catch (IOException | RuntimeException e) {
                return true;
            }
        }

        private boolean bytesMatch(byte[] b, int len) {
            int last = Math.min(to, len - pattern.length);
            if (from == last) return from >= 0 && matchesAt(b, len, from);
            // a range: look for the pattern's rarest fully tested byte before comparing the rest
            int a = scanAnchor();
            if (a == pattern.length) {
                for (int at = from; at <= last; at++) if (matchesAt(b, len, at)) return true;
                return false;
            }
            byte v = pattern[a];
            if (ignoreCase && v >= 'a' && v <= 'z') {
                // the anchor letter in either case (verify() keeps only lower-case letters and ASCII here)
                byte upper = (byte) (v - 32);
                for (int at = from; at <= last; at++) {
                    byte x = b[at + a];
                    if ((x == v || x == upper) && matchesAt(b, len, at)) return true;
                }
                return false;
            }
            if (ignoreCase && isLetter(v)) {
                for (int at = from; at <= last; at++) if (matchesAt(b, len, at)) return true;
                return false;
            }
            for (int at = from; at <= last; at++) if (b[at + a] == v && matchesAt(b, len, at)) return true;
            return false;
        }
    }

    /**
     * How common a byte is in files, roughly: 0 rare (control, non-ASCII) to 3 (white space, markup's
     * angle brackets, and the zero and 0xFF padding of binary files).
     */
    private static int commonness(int c) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '<' || c == '>' || c == 0 || c == 0xFF) return 3;
        if (c < 0x20 || c >= 0x7F) return 0;
        if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') return 2;
        return 1;
    }

    private static boolean isLetter(byte v) {
        int x = v & 0xFF;
        return x >= 'a' && x <= 'z' || x >= 'A' && x <= 'Z' || x >= 0x80;
    }

    /** A necessary condition for one of Tika's top-level regular expressions, so Tika's matcher runs rarely. */
    interface RegexPrefilter {
        boolean mayMatch(byte[] b, int len);
    }

    private static RegexPrefilter startsWith(String s) {
        byte[] p = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return (b, len) -> {
            if (len < p.length) return false;
            for (int i = 0; i < p.length; i++) if (b[i] != p[i]) return false;
            return true;
        };
    }

    private static RegexPrefilter firstByteIn(int... vs) {
        boolean[] ok = new boolean[256];
        for (int v : vs) ok[v] = true;
        return (b, len) -> len > 0 && ok[b[0] & 0xFF];
    }

    /**
     * A literal one of Tika's regular expressions needs somewhere in its range, for the expressions
     * that have no cheaper condition: found by the range scan with the other ranged clauses, instead
     * of a scan of its own over every file.
     */
    private static byte[] requiredLiteral(String type) {
        return switch (type) {
            // [\r\n]%AI5_FileFormat [1-4][\r\n] anywhere in the first 8 KiB
            case "application/illustrator+ps" -> "%AI5_FileFormat ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            // (999\r?\n[^\r\n]{0,64}\s+)?0\r?\nSECTION\r?\n from an offset up to 32: \s+ has no bound
            case "image/vnd.dxf; format=ascii" -> "\nSECTION".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            default -> null;
        };
    }

    /** Byte {@code i} as Tika's regular expressions see it: Tika pads the window it reads with zeros. */
    private static int at(byte[] b, int len, int i) {
        return i < len ? b[i] & 0xFF : 0;
    }

    private static boolean digits(byte[] b, int len, int from, int count) {
        for (int i = from; i < from + count; i++) if (at(b, len, i) < '0' || at(b, len, i) > '9') return false;
        return true;
    }

    private static final String[] HTML_WORDS = {"html", "head", "body", "title", "div"};

    private static boolean startsWith(byte[] b, int len, int at, String s) {
        for (int j = 0; j < s.length(); j++) if (at(b, len, at + j) != s.charAt(j)) return false;
        return true;
    }

    /** {@code s} (lower case) at {@code at}, ASCII letters in either case: (?i) without UNICODE_CASE. */
    private static boolean startsWithIgnoreCase(byte[] b, int len, int at, String s) {
        for (int j = 0; j < s.length(); j++) {
            int c = at(b, len, at + j);
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != s.charAt(j)) return false;
        }
        return true;
    }

    private static boolean asciiLetter(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** \w of java.util.regex (ASCII); a \b after a character outside it always holds. */
    private static boolean wordChar(int c) {
        return asciiLetter(c) || c >= '0' && c <= '9' || c == '_';
    }

    /** Graphviz's ^\s*(?:strict\s+)?(?:di)?graph\b, at the start of the file. */
    private static boolean graphStatement(byte[] b, int len) {
        int i = 0;
        while (i < len && space(b[i] & 0xFF)) i++;
        if (startsWith(b, len, i, "strict") && space(at(b, len, i + 6))) {
            i += 6;
            while (i < len && space(b[i] & 0xFF)) i++;
        }
        if (startsWith(b, len, i, "di")) i += 2;
        return startsWith(b, len, i, "graph") && !wordChar(at(b, len, i + 5));
    }

    /**
     * Somewhere a "graph" that can end Graphviz's expressions: what comes before it is white space, the
     * end of a comment, the "di" of "digraph" or nothing; what follows is not a word character.
     */
    private static boolean graphWord(byte[] b, int len) {
        for (int i = 0; i + 5 <= len; i++) {
            if (b[i] != 'g' || !startsWith(b, len, i, "graph") || wordChar(at(b, len, i + 5))) continue;
            int prev = i == 0 ? ' ' : b[i - 1] & 0xFF;
            if (space(prev) || prev == '/' || prev == 'i') return true;
        }
        return false;
    }

    /** The class \s of java.util.regex: space, \t, \n, \x0B, \f, \r. */
    private static boolean space(int c) {
        return c == ' ' || c >= 0x09 && c <= 0x0D;
    }

    /**
     * Necessary conditions for each of Tika's regular expressions, read off the expressions in
     * tika-mimetypes.xml: the literal they start with, the set their first characters come from, a byte
     * at a fixed place. Tika evaluates a regular expression over a window it zero-fills past the end of
     * the file ({@link #at}), anchored at the clause's offset; compiling it anew each time, it is the
     * most costly test here, so the conditions are as tight as the expression allows. An expression not
     * listed is always evaluated by Tika. {@code FileMagicAgreementTest} checks the whole against Tika.
     */
    private static RegexPrefilter prefilter(String type, String value) {
        return switch (type) {
            // (?s)^[\x02\x03\x30...\xFB].[\x01-\x0C][\x01-\x1F]...
            case "application/x-dbf" -> {
                RegexPrefilter first = firstByteIn(0x02, 0x03, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xF5, 0xE5, 0xFB);
                yield (b, len) -> first.mayMatch(b, len) && at(b, len, 2) >= 0x01 && at(b, len, 2) <= 0x0C
                        && at(b, len, 3) >= 0x01 && at(b, len, 3) <= 0x1F;
            }
            case "application/vnd.java.hprof", "application/vnd.java.hprof.text" -> startsWith("JAVA PROFILE ");
            // [0-9]{5,5} at offset 0
            case "application/marc" -> (b, len) -> digits(b, len, 0, 5);
            case "application/vnd.isac.fcs" -> startsWith("FCS");
            case "application/x-bzip2" -> startsWith("BZh");
            // (?s)^([\x05-\x0F])[\x00\x20-\x7E]{10}.{43}\1\x00: the first byte again at 54, then a zero
            case "application/x-ms-owner" -> (b, len) -> {
                int c = at(b, len, 0);
                if (c < 0x05 || c > 0x0F || at(b, len, 54) != c || at(b, len, 55) != 0) return false;
                for (int i = 1; i <= 10; i++) {
                    int x = at(b, len, i);
                    if (x != 0 && (x < 0x20 || x > 0x7E)) return false;
                }
                return true;
            };
            // (?s)^\x0D.{51}\x0C\x00\x0D\x00\x0E and (?s)^\x44\x43.\x01
            case "application/x-ms-nls" -> (b, len) -> at(b, len, 0) == 0x0D
                    ? at(b, len, 52) == 0x0C && at(b, len, 53) == 0 && at(b, len, 54) == 0x0D && at(b, len, 55) == 0 && at(b, len, 56) == 0x0E
                    : at(b, len, 0) == 0x44 && at(b, len, 1) == 0x43 && at(b, len, 3) == 0x01;
            // (?:\x0D\x0A|\x00{1,1024})(?:\xff[...]|ID3): after CR LF, or after the leading zeros, 0xFF or 'I'
            case "audio/mpeg" -> (b, len) -> {
                int i = 0;
                if (at(b, len, 0) == 0x0D) {
                    if (at(b, len, 1) != 0x0A) return false;
                    i = 2;
                } else {
                    while (i < len && b[i] == 0) i++;
                    if (i == 0) return false;
                }
                int c = at(b, len, i);
                return c == 0xFF || c == 'I';
            };
            // \xFF(\xF0|\xF1|\xF8|\xF9)... (JPEG's 0xFF 0xD8 is not)
            case "audio/x-aac" -> (b, len) -> {
                int c = at(b, len, 1);
                return at(b, len, 0) == 0xFF && (c == 0xF0 || c == 0xF1 || c == 0xF8 || c == 0xF9);
            };
            // (999\r?\n[^\r\n]{0,64}\s+)?0\r?\nSECTION\r?\n over offsets 0..32: a '9' or '0' starts it
            // ("\nSECTION" somewhere is its required literal, found by the range scan)
            case "image/vnd.dxf; format=ascii" -> (b, len) -> {
                for (int i = 0; i <= 32 && i < len; i++) if (b[i] == '0' || b[i] == '9') return true;
                return false;
            };
            case "image/x-portable-bitmap", "image/x-portable-graymap", "image/x-portable-pixmap" -> startsWith("P");
            case "message/rfc822" -> firstByteIn('X', 'D', 'A');
            // (?i)<(html|head|body|title|div)[ >] and (?i)<h[123][ >], anchored at offset 0 (ASCII case folding)
            case "text/html" -> value.contains("h[123]")
                    ? (b, len) -> at(b, len, 0) == '<' && (at(b, len, 1) | 0x20) == 'h' && at(b, len, 2) >= '1' && at(b, len, 2) <= '3'
                            && (at(b, len, 3) == ' ' || at(b, len, 3) == '>')
                    : (b, len) -> {
                        if (at(b, len, 0) != '<') return false;
                        for (String w : HTML_WORDS) {
                            if (startsWithIgnoreCase(b, len, 1, w) && (at(b, len, 1 + w.length()) == ' ' || at(b, len, 1 + w.length()) == '>')) return true;
                        }
                        return false;
                    };
            // ^\s*(strict\s+)?(di)?graph\b read exactly; after // or /* comments: the comment, and somewhere a
            // "graph" that could end the expression (a word of its own, or the end of "digraph")
            case "text/vnd.graphviz" -> {
                // the registry doubles each backslash of an expression (Tika undoes it): compare without them
                String bare = value.replace("\\", "");
                String opener = bare.contains("//") ? "//" : bare.contains("/*") ? "/*" : null;
                yield opener == null ? TikaMagicIndex::graphStatement : (b, len) -> {
                    int i = 0;
                    while (i < len && space(b[i] & 0xFF)) i++;
                    return startsWith(b, len, i, opener) && graphWord(b, len);
                };
            }
            // function [a-zA-Z][A-Za-z0-9_]{0,62} then \s*= or then [\r\n], read exactly
            case "text/x-matlab" -> {
                boolean assignment = value.endsWith("=");
                yield (b, len) -> {
                    if (!startsWith(b, len, 0, "function ") || !asciiLetter(at(b, len, 9))) return false;
                    int i = 10;
                    while (i < 10 + 62 && wordChar(at(b, len, i))) i++;
                    if (!assignment) return at(b, len, i) == '\r' || at(b, len, i) == '\n';
                    while (space(at(b, len, i))) i++;
                    return at(b, len, i) == '=';
                };
            }
            // not regular expressions: Ogg stream signatures Tika's detector evaluates (their masks are not
            // decoded here), all "OggS" at offset 0 followed by the codec's header
            case "video/x-ogm", "video/x-oggyuv", "video/x-ogguvs", "video/x-oggrgb", "video/x-dirac", "video/theora",
                    "video/daala", "audio/x-oggpcm", "audio/speex", "audio/opus" -> startsWith("OggS");
            default -> null;
        };
    }

    private final String[] typeNames;
    /** Clauses at a fixed offset, by offset, then by the value of their anchor byte there. */
    private final int[] anchorOffsets;
    private final Clause[][][] anchored;
    /** Clauses evaluated by Tika, or with no byte to index on. */
    private final Clause[] others;
    /**
     * Clauses over a range of offsets, by the first byte of their scan pair ({@link Clause#scanPair}):
     * one pass over the file's bytes finds where any of them could start, instead of a pass each.
     */
    private final Clause[][] ranged;
    /** Each ranged clause's scan pair index, in the same places as {@link #ranged}. */
    private final int[][] rangedAnchor;
    /** One bit per pair of byte values (first << 8 | second) that some ranged clause's scan pair can be. */
    private final long[] rangedPairs = new long[65536 / 64];
    /** The first and last offset any ranged clause's scan pair can start at. */
    private final int rangedFrom, rangedTo;
    /** Clauses whose decoding could not be verified: evaluated by Tika's detector (counted for tests). */
    private final int tikaEvaluated;

    private TikaMagicIndex(String[] typeNames, int[] anchorOffsets, Clause[][][] anchored, Clause[] others, Clause[][] ranged,
            int tikaEvaluated) {
        this.ranged = ranged;
        this.rangedAnchor = new int[256][];
        int lo = Integer.MAX_VALUE, hi = -1;
        for (int v = 0; v < 256; v++) {
            Clause[] bucket = ranged[v];
            if (bucket == null) continue;
            rangedAnchor[v] = new int[bucket.length];
            for (int i = 0; i < bucket.length; i++) {
                Clause c = bucket[i];
                int a = c.scanPair();
                rangedAnchor[v][i] = a;
                for (int second : cases(c, c.pattern[a + 1])) {
                    int key = v << 8 | second;
                    rangedPairs[key >>> 6] |= 1L << key;
                }
                lo = Math.min(lo, bucket[i].from + a);
                hi = Math.max(hi, bucket[i].to + a);
            }
        }
        this.rangedFrom = lo;
        this.rangedTo = hi;
        this.typeNames = typeNames;
        this.anchorOffsets = anchorOffsets;
        this.anchored = anchored;
        this.others = others;
        this.tikaEvaluated = tikaEvaluated;
    }

    int tikaEvaluatedClauses() { return tikaEvaluated; }

    private static final class Shared {
        // built once: reads and verifies Tika's whole registry
        static final TikaMagicIndex INDEX = build();
    }

    /** The index of Tika's default registry, built on first use. */
    static TikaMagicIndex get() { return Shared.INDEX; }

    int typeCount() { return typeNames.length; }

    String typeName(int type) { return typeNames[type]; }

    /**
     * The types whose magic might match {@code b[0..len)}: their indexes in {@code out}, distinct.
     * @return how many were found, or -1 when more than {@code out.length}
     */
    int candidates(byte[] b, int len, int[] out) {
        int n = 0;
        for (int k = 0; k < anchorOffsets.length; k++) {
            int off = anchorOffsets[k];
            if (off >= len) break;
            Clause[] bucket = anchored[k][b[off] & 0xFF];
            if (bucket == null) continue;
            for (Clause c : bucket) {
                if (contains(out, n, c.type) || !c.matches(b, len)) continue;
                if (n == out.length) return -1;
                out[n++] = c.type;
            }
        }
        for (Clause c : others) {
            if (contains(out, n, c.type) || !c.matches(b, len)) continue;
            if (n == out.length) return -1;
            out[n++] = c.type;
        }
        int end = Math.min(len - 2, rangedTo);
        if (rangedFrom > end) return n;
        long[] pairs = rangedPairs;
        int next = b[rangedFrom] & 0xFF;
        for (int p = rangedFrom; p <= end; p++) {
            int first = next;
            next = b[p + 1] & 0xFF;
            int key = first << 8 | next;
            if ((pairs[key >>> 6] & 1L << key) == 0) continue;
            Clause[] bucket = ranged[first];
            int[] anchors = rangedAnchor[first];
            for (int i = 0; i < bucket.length; i++) {
                Clause c = bucket[i];
                int at = p - anchors[i];
                if (at < c.from || at > c.to || contains(out, n, c.type) || !c.matchesAt(b, len, at)) continue;
                if (c.tika != null && !c.confirmed(b, len)) continue;
                if (n == out.length) return -1;
                out[n++] = c.type;
            }
        }
        return n;
    }

    /** Every indexed clause once, for tests that check the index against clause-by-clause evaluation. */
    List<Clause> clauses() {
        java.util.Set<Clause> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Clause[][] byValue : anchored) for (Clause[] bucket : byValue) if (bucket != null) all.addAll(List.of(bucket));
        for (Clause[] bucket : ranged) if (bucket != null) all.addAll(List.of(bucket));
        all.addAll(List.of(others));
        return new ArrayList<>(all);
    }

    /** What {@link #candidates} must answer, found the slow way: each clause evaluated on its own. */
    java.util.SortedSet<Integer> candidatesOneByOne(byte[] b, int len) {
        java.util.SortedSet<Integer> types = new java.util.TreeSet<>();
        for (Clause c : clauses()) if (!types.contains(c.type) && c.matches(b, len)) types.add(c.type);
        return types;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) if (a[i] == v) return true;
        return false;
    }

    // ---- building ----

    static TikaMagicIndex build() {
        try (InputStream in = MimeTypes.class.getResourceAsStream("tika-mimetypes.xml")) {
            if (in == null) throw new IllegalStateException("tika-mimetypes.xml not found in Tika's jar");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setExpandEntityReferences(false);
            Element root = f.newDocumentBuilder().parse(in).getDocumentElement();
            List<String> names = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            List<Clause> clauses = new ArrayList<>();
            int[] tikaEval = {0};
            for (Node t = root.getFirstChild(); t != null; t = t.getNextSibling()) {
                if (!(t instanceof Element type) || !type.getTagName().equals("mime-type")) continue;
                String name = MediaType.parse(type.getAttribute("type")).toString();
                for (Node m = type.getFirstChild(); m != null; m = m.getNextSibling()) {
                    if (!(m instanceof Element magic) || !magic.getTagName().equals("magic")) continue;
                    int id = ids.computeIfAbsent(name, k -> { names.add(k); return names.size() - 1; });
                    for (Node c = magic.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (c instanceof Element match && match.getTagName().equals("match")) addClause(match, id, name, clauses, tikaEval);
                    }
                }
            }
            TreeMap<Integer, Clause[][]> byOffset = new TreeMap<>();
            List<Clause> others = new ArrayList<>();
            Clause[][] ranged = new Clause[256][];
            for (Clause c : clauses) {
                if (c.pattern != null && c.from != c.to && c.scanPair() >= 0) {
                    for (int v : cases(c, c.pattern[c.scanPair()])) add(ranged, v, c);
                    continue;
                }
                int anchor = c.tika != null || c.from != c.to ? -1 : anchorByte(c);
                if (anchor < 0) { others.add(c); continue; }
                Clause[][] buckets = byOffset.computeIfAbsent(c.from + anchor, k -> new Clause[256][]);
                int v = c.pattern[anchor] & 0xFF;
                add(buckets, v, c);
                if (c.ignoreCase && v >= 'a' && v <= 'z') add(buckets, v - 32, c);
            }
            int[] offsets = byOffset.keySet().stream().mapToInt(Integer::intValue).toArray();
            Clause[][][] anchored = byOffset.values().toArray(new Clause[0][][]);
            return new TikaMagicIndex(names.toArray(new String[0]), offsets, anchored, others.toArray(new Clause[0]), ranged, tikaEval[0]);
        } catch (Exception e) {
            throw new IllegalStateException("cannot index Tika's magic registry", e);
        }
    }

    /** The byte values a clause's pattern byte stands for: both cases of a letter when case is ignored. */
    private static int[] cases(Clause c, byte pattern) {
        int v = pattern & 0xFF;
        return c.ignoreCase && v >= 'a' && v <= 'z' ? new int[] {v, v - 32} : new int[] {v};
    }

    private static void add(Clause[][] buckets, int v, Clause c) {
        Clause[] b = buckets[v];
        buckets[v] = b == null ? new Clause[] {c} : Arrays.copyOf(b, b.length + 1);
        buckets[v][buckets[v].length - 1] = c;
    }

    /** First tested byte that is fully masked (and not a letter when case is ignored), or -1. */
    private static int anchorByte(Clause c) {
        for (int j = 0; j < c.pattern.length; j++) {
            if ((c.mask[j] & 0xFF) != 0xFF) continue;
            int v = c.pattern[j] & 0xFF;
            if (c.ignoreCase && v >= 0x80) continue;
            return j;
        }
        return -1;
    }

    private static final MediaType OCTET_PROBE = MediaType.parse("application/x-vigil-octet-stream-probe");

    private static void addClause(Element match, int id, String name, List<Clause> out, int[] tikaEval) throws IOException {
        // Tika's detector answers octet-stream for "no match": octet-stream's own signatures are probed
        // under another name, so that a match can be told from none
        MediaType mt = MediaType.OCTET_STREAM.toString().equals(name) ? OCTET_PROBE : MediaType.parse(name);
        if (match.hasAttribute("minShouldMatch") || !match.hasAttribute("value")) {
            // a container: it matches only if some child does, so each child stands for it
            for (Node c = match.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element m && m.getTagName().equals("match")) addClause(m, id, name, out, tikaEval);
            }
            return;
        }
        String type = match.hasAttribute("type") ? match.getAttribute("type") : "string";
        String offset = match.hasAttribute("offset") ? match.getAttribute("offset") : "0";
        String value = match.getAttribute("value");
        String mask = match.hasAttribute("mask") ? match.getAttribute("mask") : null;
        MagicDetector tika = MagicDetector.parse(mt, type, offset, value, mask);
        int from, to;
        int colon = offset.indexOf(':');
        try {
            from = Integer.parseInt(offset.substring(0, colon < 0 ? offset.length() : colon).trim());
            to = colon < 0 ? from : Integer.parseInt(offset.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            tikaEval[0]++;
            out.add(new Clause(id, 0, 0, null, null, false, tika, prefilter(name, value)));
            return;
        }
        if (from >= MAX_HEAD) return; // can never match the bytes Vigil keeps
        if (type.equals("regex")) {
            tikaEval[0]++;
            byte[] literal = requiredLiteral(name);
            if (literal != null) {
                byte[] all = new byte[literal.length];
                Arrays.fill(all, (byte) 0xFF);
                out.add(new Clause(id, 0, MAX_HEAD, literal, all, false, tika, prefilter(name, value)));
            } else {
                out.add(new Clause(id, from, to, null, null, false, tika, prefilter(name, value)));
            }
            return;
        }
        byte[] pattern = decode(type, value);
        byte[] m = pattern == null ? null : maskFor(type, mask, pattern.length);
        if (pattern == null || m == null || pattern.length == 0 || !verify(tika, mt, from, pattern, m, type.equals("stringignorecase"))) {
            tikaEval[0]++;
            out.add(new Clause(id, from, to, null, null, false, tika, prefilter(name, value)));
            return;
        }
        out.add(new Clause(id, from, Math.min(to, MAX_HEAD), pattern, m, type.equals("stringignorecase"), null));
    }

    /**
     * Checks the decoded pattern against Tika's detector for the same clause, and stops testing any
     * byte Tika does not care about. False when the pattern as decoded does not match for Tika.
     */
    private static boolean verify(MagicDetector tika, MediaType mt, int from, byte[] pattern, byte[] mask, boolean ignoreCase) throws IOException {
        byte[] probe = new byte[from + pattern.length];
        System.arraycopy(pattern, 0, probe, from, pattern.length);
        if (!mt.equals(tika.detect(new ByteArrayInputStream(probe), new Metadata()))) return false;
        int tested = 0;
        for (int j = 0; j < pattern.length; j++) {
            if (mask[j] == 0) continue;
            if (tested == MAX_TESTED) { mask[j] = 0; continue; }
            byte keep = probe[from + j];
            probe[from + j] = (byte) (keep ^ mask[j]);
            boolean stillMatches = mt.equals(tika.detect(new ByteArrayInputStream(probe), new Metadata()));
            probe[from + j] = keep;
            if (stillMatches) mask[j] = 0; else tested++;
        }
        if (ignoreCase) {
            // Tika folds case: the letters are compared lower-cased, so the pattern must be lower case
            for (int j = 0; j < pattern.length; j++) {
                int v = pattern[j] & 0xFF;
                if (v >= 'A' && v <= 'Z') return false;
                if (v >= 0x80) mask[j] = 0;
            }
        }
        return tested > 0;
    }

    private static byte[] decode(String type, String value) {
        try {
            return switch (type) {
                case "string" -> decodeString(value);
                case "stringignorecase" -> decodeString(value.toLowerCase(Locale.ROOT));
                case "unicodeLE" -> {
                    byte[] s = decodeString(value);
                    byte[] u = new byte[s.length * 2];
                    for (int i = 0; i < s.length; i++) u[2 * i] = s[i];
                    yield u;
                }
                case "big16", "little16", "host16" -> number(Long.decode(value), 2, !type.equals("big16"));
                case "big32", "little32", "host32" -> number(Long.decode(value), 4, !type.equals("big32"));
                default -> null;
            };
        } catch (RuntimeException e) {
            return null; // left to Tika's detector
        }
    }

    /** host order is the machine's: little-endian on every platform Vigil runs on; verify() catches otherwise. */
    private static byte[] number(long v, int width, boolean little) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            int shift = 8 * (little ? i : width - 1 - i);
            b[i] = (byte) (v >>> shift);
        }
        return b;
    }

    private static byte[] maskFor(String type, String mask, int len) {
        byte[] m = new byte[len];
        if (mask == null) {
            Arrays.fill(m, (byte) 0xFF);
            return m;
        }
        byte[] d = switch (type) {
            case "big16", "little16", "host16" -> number(Long.decode(mask), 2, !type.equals("big16"));
            case "big32", "little32", "host32" -> number(Long.decode(mask), 4, !type.equals("big32"));
            default -> decodeString(mask);
        };
        if (d == null) return null;
        for (int i = 0; i < len; i++) m[i] = i < d.length ? d[i] : 0;
        return m;
    }

    /** Tika's value syntax: "0x" + hex, or text with \\, \xHH, \r, \n and octal escapes. */
    private static byte[] decodeString(String value) {
        if (value.startsWith("0x")) {
            byte[] b = new byte[(value.length() - 2) / 2];
            for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(value.substring(2 + 2 * i, 4 + 2 * i), 16);
            return b;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 >= value.length()) { out.write(c); continue; }
            char n = value.charAt(i + 1);
            if (n == '\\') { out.write('\\'); i++; }
            else if (n == 'x') { out.write(Integer.parseInt(value.substring(i + 2, i + 4), 16)); i += 3; }
            else if (n == 'r') { out.write('\r'); i++; }
            else if (n == 'n') { out.write('\n'); i++; }
            else {
                int j = i + 1;
                while (j < i + 4 && j < value.length() && Character.isDigit(value.charAt(j))) j++;
                out.write(Short.decode("0" + value.substring(i + 1, j)).byteValue());
                i = j - 1;
            }
        }
        return out.toByteArray();
    }
}
