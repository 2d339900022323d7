package dev.vigil.applayer.files;

import java.nio.charset.StandardCharsets;

/**
 * The root element of a document, as Tika's {@code XmlRootExtractor} reports it (a namespace-aware SAX
 * parse of the file's first bytes, stopped at the first start tag), read without an XML parser.
 *
 * <p>Tika asks this of every file whose signature says XML or HTML. The parser reports a root only if
 * everything before it and the start tag itself are well-formed; it reports none when it meets an
 * error first. This scanner follows the XML grammar over the prolog and the root's start tag and
 * answers only where the outcome is certain:
 * <ul>
 * <li>a well-formed prolog and start tag: the root (namespace from the tag's own declarations);
 * <li>a fatal error the parser must meet before any start tag (text before the first tag, markup
 *     such as {@code <!doctype} that XML does not know, the end of the bytes): no root;
 * <li>anything else (other encodings, bytes that are not UTF-8, on which Tika retries with half the
 *     bytes, an internal DTD subset, entity references, unusual names or namespaces): {@link #UNSURE},
 *     and Tika's parser decides.
 * </ul>
 * {@code FileMagicAgreementTest} compares each certain answer with Tika's parser.
 */
final class XmlRoot {
    private XmlRoot() {}

    record Root(String namespace, String local) {}

    /** The parser would report no root element. */
    static final Root NONE = new Root(null, null);
    /** Not certain: ask Tika's parser. */
    static final Root UNSURE = new Root(null, null);

    static Root scan(byte[] b) {
        int len = b.length;
        int p = 0;
        if (len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) p = 3;
        boolean ascii = true;
        for (int i = p; i < len; i++) {
            int x = b[i];
            if (x == 0) return UNSURE; // UTF-16/32 or binary
            if (x < 0) { ascii = false; break; }
        }
        if (!ascii && !validUtf8(b, p, len)) return UNSURE;
        // the XML declaration
        if (startsWith(b, p, "<?xml") && p + 5 < len && isSpace(b[p + 5])) {
            int end = xmlDecl(b, p + 5, len, ascii, p == 3);
            if (end < 0) return end == EOF ? NONE : UNSURE;
            p = end;
        }
        boolean doctype = false;
        while (true) {
            while (p < len && isSpace(b[p])) p++;
            if (p >= len) return NONE;
            int c = b[p];
            if (c < 0x20) return UNSURE;
            if (c != '<') return NONE; // content is not allowed in the prolog
            if (p + 1 >= len) return NONE;
            int d = b[p + 1];
            if (d == '!') {
                if (startsWith(b, p, "<!--")) {
                    int e = comment(b, p + 4, len);
                    if (e < 0) return e == EOF ? NONE : UNSURE;
                    p = e;
                } else if (startsWith(b, p, "<!DOCTYPE")) {
                    if (doctype) return UNSURE;
                    doctype = true;
                    int e = doctype(b, p + 9, len);
                    if (e < 0) return e == EOF || e == FATAL ? NONE : UNSURE;
                    p = e;
                } else {
                    // markup XML does not know (<!doctype, <![CDATA[ in the prolog), or the bytes end
                    return NONE;
                }
            } else if (d == '?') {
                int e = pi(b, p + 2, len);
                if (e < 0) return e == EOF ? NONE : UNSURE;
                p = e;
            } else if (isNameStart(d)) {
                return startTag(b, p + 1, len);
            } else {
                return UNSURE;
            }
        }
    }

    /** The bytes end first; something the scanner does not follow; a fatal error the parser surely meets there. */
    private static final int EOF = -1, ODD = -2, FATAL = -3;

    /** After "<?xml": S version (S encoding)? (S standalone)? S? "?>". The index after, or EOF / ODD. */
    private static int xmlDecl(byte[] b, int p, int len, boolean ascii, boolean bom) {
        String[] names = {"version", "encoding", "standalone"};
        boolean first = true;
        for (String name : names) {
            int q = skipSpace(b, p, len);
            if (q >= len) return EOF;
            if (!startsWith(b, q, name)) {
                if (first) return ODD; // the version is required
                continue;
            }
            if (q == p) return ODD; // a space must come before each pseudo-attribute
            q = skipSpace(b, q + name.length(), len);
            if (q >= len) return EOF;
            if (b[q] != '=') return ODD;
            q = skipSpace(b, q + 1, len);
            if (q >= len) return EOF;
            byte quote = b[q];
            if (quote != '"' && quote != '\'') return ODD;
            int v = q + 1, e = v;
            while (e < len && b[e] != quote && e - v < 40) e++;
            if (e >= len) return EOF;
            if (b[e] != quote) return ODD;
            String value = new String(b, v, e - v, StandardCharsets.ISO_8859_1);
            switch (name) {
                case "version" -> { if (!value.equals("1.0")) return ODD; }
                case "encoding" -> {
                    String enc = value.toLowerCase(java.util.Locale.ROOT);
                    boolean utf8 = enc.equals("utf-8");
                    boolean asciiCompatible = enc.equals("us-ascii") || enc.equals("iso-8859-1");
                    if (!(utf8 || asciiCompatible && ascii && !bom)) return ODD;
                }
                default -> { if (!value.equals("yes") && !value.equals("no")) return ODD; }
            }
            first = false;
            p = e + 1;
        }
        p = skipSpace(b, p, len);
        if (p + 1 >= len) return EOF;
        return b[p] == '?' && b[p + 1] == '>' ? p + 2 : ODD;
    }

    /** After "<!--": up to and past "-->"; "--" inside a comment is an error left to Tika. */
    private static int comment(byte[] b, int p, int len) {
        for (int i = p; i + 1 < len; i++) {
            int c = b[i];
            if (c >= 0 && c < 0x20 && !isSpace(b[i])) return ODD;
            if (c == '-' && b[i + 1] == '-') {
                if (i + 2 >= len) return EOF;
                return b[i + 2] == '>' ? i + 3 : ODD;
            }
        }
        return EOF;
    }

    /** After "<?": a processing instruction up to and past "?>". */
    private static int pi(byte[] b, int p, int len) {
        int s = p;
        if (p >= len) return EOF;
        if (!isNameStart(b[p]) || b[p] == ':') return ODD;
        while (p < len && isNameChar(b[p])) p++;
        if (p >= len) return EOF;
        if (p - s == 3 && (b[s] | 0x20) == 'x' && (b[s + 1] | 0x20) == 'm' && (b[s + 2] | 0x20) == 'l') return ODD;
        if (b[p] == '?') {
            if (p + 1 >= len) return EOF;
            return b[p + 1] == '>' ? p + 2 : ODD;
        }
        if (!isSpace(b[p])) return ODD;
        for (int i = p; i + 1 < len; i++) {
            int c = b[i];
            if (c >= 0 && c < 0x20 && !isSpace(b[i])) return ODD;
            if (c == '?' && b[i + 1] == '>') return i + 2;
        }
        return EOF;
    }

    /** After "<!DOCTYPE": S Name (S ExternalID)? S? '>'; an internal subset is left to Tika. */
    private static int doctype(byte[] b, int p, int len) {
        if (p >= len) return EOF;
        if (!isSpace(b[p])) return ODD;
        p = skipSpace(b, p, len);
        if (p >= len) return EOF;
        if (!isNameStart(b[p])) return ODD;
        while (p < len && isNameChar(b[p])) p++;
        if (p >= len) return EOF;
        int q = skipSpace(b, p, len);
        if (q >= len) return EOF;
        if (q > p && (startsWith(b, q, "SYSTEM") || startsWith(b, q, "PUBLIC"))) {
            boolean pub = b[q] == 'P';
            p = q + 6;
            if (p >= len) return EOF;
            if (!isSpace(b[p])) return ODD;
            p = skipSpace(b, p, len);
            if (pub) {
                p = literal(b, p, len, true);
                if (p < 0) return p;
                if (p >= len) return EOF;
                // HTML 2.0's <!DOCTYPE HTML PUBLIC "..."> has no system literal: XML requires one, after a space
                if (!isSpace(b[p])) return FATAL;
                p = skipSpace(b, p, len);
            }
            p = literal(b, p, len, false);
            if (p < 0) return p;
            q = skipSpace(b, p, len);
            if (q >= len) return EOF;
        }
        return b[q] == '>' ? q + 1 : ODD;
    }

    /** A quoted literal: the index after its closing quote. */
    private static int literal(byte[] b, int p, int len, boolean pubid) {
        if (p >= len) return EOF;
        byte quote = b[p];
        if (quote != '"' && quote != '\'') return ODD;
        for (int i = p + 1; i < len; i++) {
            int c = b[i];
            if (c == quote) return i + 1;
            if (c >= 0 && c < 0x20 && !isSpace(b[i])) return ODD;
            if (pubid && !isPubidChar(c)) return ODD;
        }
        return EOF;
    }

    private static boolean isPubidChar(int c) {
        return c == 0x20 || c == 0x0D || c == 0x0A || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-'()+,./:=?;!*#@$_%".indexOf(c) >= 0;
    }

    /** After "<" of the root: its name and attributes up to '>' or "/>". */
    private static Root startTag(byte[] b, int p, int len) {
        int ns = p;
        while (p < len && isNameChar(b[p])) p++;
        if (p >= len) return NONE;
        if (b[p] < 0) return UNSURE; // a non-ASCII name
        String qname = new String(b, ns, p - ns, StandardCharsets.ISO_8859_1);
        String defaultNs = null;
        java.util.Map<String, String> prefixes = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        int prefixedAttributes = 0;
        while (true) {
            int q = skipSpace(b, p, len);
            if (q >= len) return NONE;
            if (b[q] == '>') break;
            if (b[q] == '/') {
                if (q + 1 >= len) return NONE;
                if (b[q + 1] != '>') return UNSURE;
                break;
            }
            if (q == p || !isNameStart(b[q])) return UNSURE;
            int an = q;
            while (q < len && isNameChar(b[q])) q++;
            if (q >= len) return NONE;
            if (b[q] < 0) return UNSURE;
            String name = new String(b, an, q - an, StandardCharsets.ISO_8859_1);
            if (!seen.add(name)) return UNSURE;
            q = skipSpace(b, q, len);
            if (q >= len) return NONE;
            // an attribute without '=' or with an unquoted value (HTML's lang=en) is a fatal error met
            // before the parser reports the element: no root
            if (b[q] != '=') return NONE;
            q = skipSpace(b, q + 1, len);
            if (q >= len) return NONE;
            byte quote = b[q];
            if (quote != '"' && quote != '\'') return NONE;
            int v = q + 1, e = v;
            boolean plain = true;
            for (; e < len && b[e] != quote; e++) {
                int c = b[e];
                if (c == '<') return UNSURE;
                if (c >= 0 && c < 0x20) {
                    if (!isSpace(b[e])) return UNSURE;
                    plain = false; // normalised to spaces by the parser
                }
                if (c == '&') {
                    int r = reference(b, e, len);
                    if (r < 0) return r == EOF ? NONE : UNSURE;
                    plain = false;
                    e = r - 1;
                }
            }
            if (e >= len) return NONE;
            p = e + 1;
            if (name.equals("xmlns")) {
                if (!plain) return UNSURE;
                defaultNs = new String(b, v, e - v, StandardCharsets.UTF_8);
            } else if (name.startsWith("xmlns:")) {
                String prefix = name.substring(6);
                if (!plain || e == v || !simpleName(prefix) || prefix.startsWith("xml")) return UNSURE;
                if (prefixes == null) prefixes = new java.util.HashMap<>();
                prefixes.put(prefix, new String(b, v, e - v, StandardCharsets.UTF_8));
            } else if (name.indexOf(':') >= 0) {
                if (++prefixedAttributes > 1) return UNSURE;
                int colon = name.indexOf(':');
                if (!simpleName(name.substring(0, colon)) || !simpleName(name.substring(colon + 1))) return UNSURE;
                if (!name.startsWith("xml:") && (prefixes == null || !prefixes.containsKey(name.substring(0, colon)))) return UNSURE;
            } else if (!simpleName(name)) {
                return UNSURE;
            }
        }
        int colon = qname.indexOf(':');
        if (colon < 0) {
            if (!simpleName(qname)) return UNSURE;
            return new Root(defaultNs == null ? "" : defaultNs, qname);
        }
        String prefix = qname.substring(0, colon), local = qname.substring(colon + 1);
        if (!simpleName(prefix) || !simpleName(local) || prefixes == null || !prefixes.containsKey(prefix)) return UNSURE;
        return new Root(prefixes.get(prefix), local);
    }

    /** At '&': a predefined entity or a character reference to an ordinary character; the index after ';'. */
    private static int reference(byte[] b, int p, int len) {
        int semi = p + 1;
        while (semi < len && semi - p <= 10 && b[semi] != ';') semi++;
        if (semi >= len) return EOF;
        if (b[semi] != ';') return ODD;
        String ref = new String(b, p + 1, semi - p - 1, StandardCharsets.ISO_8859_1);
        switch (ref) {
            case "amp", "lt", "gt", "quot", "apos" -> { return semi + 1; }
            default -> {}
        }
        try {
            int cp;
            if (ref.startsWith("#x")) cp = Integer.parseInt(ref.substring(2), 16);
            else if (ref.startsWith("#")) cp = Integer.parseInt(ref.substring(1));
            else return ODD;
            if (ref.length() < 2 || ref.charAt(1) == '+' || ref.charAt(1) == '-' || ref.startsWith("#x") && (ref.length() < 3 || ref.charAt(2) == '+' || ref.charAt(2) == '-')) return ODD;
            return cp >= 0x20 && cp < 0xD800 || cp == 9 || cp == 10 || cp == 13 ? semi + 1 : ODD;
        } catch (NumberFormatException e) {
            return ODD;
        }
    }

    /** A name of ASCII letters, digits, '_', '-', '.', not starting with a digit, '-' or '.'. */
    private static boolean simpleName(String s) {
        if (s.isEmpty()) return false;
        char c0 = s.charAt(0);
        if (!(c0 >= 'a' && c0 <= 'z' || c0 >= 'A' && c0 <= 'Z' || c0 == '_')) return false;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')) return false;
        }
        return true;
    }

    private static boolean isNameStart(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    /** ASCII name characters; a non-ASCII byte ends the scan and the caller is unsure. */
    private static boolean isNameChar(int c) {
        return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.';
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static int skipSpace(byte[] b, int p, int len) {
        while (p < len && isSpace(b[p])) p++;
        return p;
    }

    private static boolean startsWith(byte[] b, int p, String s) {
        if (p + s.length() > b.length) return false;
        for (int i = 0; i < s.length(); i++) if (b[p + i] != s.charAt(i)) return false;
        return true;
    }

    /** Strict UTF-8 (no overlong forms, no surrogates, nothing cut at the end), and no U+FFFE/U+FFFF. */
    private static boolean validUtf8(byte[] b, int p, int len) {
        int i = p;
        while (i < len) {
            int c = b[i] & 0xFF;
            if (c < 0x80) { i++; continue; }
            int n, cp;
            if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
            else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
            else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
            else return false;
            if (i + n >= len) return false;
            for (int k = 1; k <= n; k++) {
                int x = b[i + k] & 0xFF;
                if ((x & 0xC0) != 0x80) return false;
                cp = cp << 6 | x & 0x3F;
            }
            if (n == 2 && (cp < 0x800 || cp >= 0xD800 && cp <= 0xDFFF || cp == 0xFFFE || cp == 0xFFFF)) return false;
            if (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
            i += n + 1;
        }
        return true;
    }
}
