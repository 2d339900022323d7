package dev.vigil.applayer.http;

/**
 * The normalised form of a request target, as detection's {@code http.uri} sees it: the path (and
 * query) of an absolute-form target, percent-escapes decoded (as libhtp's default configuration: all
 * but an encoded separator {@code %2F} and NUL, which stay encoded), dot segments removed (RFC 3986
 * section 5.2.4). EVE's {@code url} stays the raw target, as Suricata logs it.
 */
final class UriNormalizer {
    private UriNormalizer() {}

    /** The normalised path and query of a request target. */
    static String normalize(String target) {
        String t = stripAuthority(target);
        int q = indexOfQuery(t);
        String path = q < 0 ? t : t.substring(0, q);
        String rest = q < 0 ? "" : t.substring(q);
        return removeDotSegments(decodePercent(path)) + decodePercent(rest);
    }

    /** The normalised path alone, without query or fragment: what Suricata names an HTTP file after. */
    static String path(String target) {
        String t = stripAuthority(target);
        int q = indexOfQuery(t);
        return removeDotSegments(decodePercent(q < 0 ? t : t.substring(0, q)));
    }

    private static int indexOfQuery(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '?' || c == '#') return i;
        }
        return -1;
    }

    /** "http://host:port/p?q" gives "/p?q"; an authority-only target gives "/". */
    static String stripAuthority(String t) {
        int colon = t.indexOf("://");
        if (colon <= 0 || t.charAt(0) == '/') return t;
        for (int i = 0; i < colon; i++) {
            char c = t.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') return t;
        }
        int p = colon + 3;
        while (p < t.length() && t.charAt(p) != '/' && t.charAt(p) != '?' && t.charAt(p) != '#') p++;
        String rest = t.substring(p);
        return rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
    }

    /** The "host[:port]" of an absolute-form target, or null when the target is not absolute. */
    static String authority(String t) {
        int colon = t.indexOf("://");
        if (colon <= 0 || t.charAt(0) == '/') return null;
        int p = colon + 3, e = p;
        while (e < t.length() && t.charAt(e) != '/' && t.charAt(e) != '?' && t.charAt(e) != '#') e++;
        String a = t.substring(p, e);
        int at = a.lastIndexOf('@');
        return at >= 0 ? a.substring(at + 1) : a;
    }

    static String decodePercent(String s) {
        if (s.indexOf('%') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    char d = (char) (hi << 4 | lo);
                    if (d != '/' && d != 0) {
                        sb.append(d);
                        i += 2;
                        continue;
                    }
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static String removeDotSegments(String path) {
        if (path.indexOf('.') < 0) return path;
        StringBuilder out = new StringBuilder(path.length());
        String in = path;
        while (!in.isEmpty()) {
            if (in.startsWith("../")) in = in.substring(3);
            else if (in.startsWith("./")) in = in.substring(2);
            else if (in.startsWith("/./")) in = in.substring(2);
            else if (in.equals("/.")) in = "/";
            else if (in.startsWith("/../") || in.equals("/..")) {
                in = in.length() == 3 ? "/" : in.substring(3);
                int last = out.lastIndexOf("/");
                out.setLength(Math.max(0, last));
            } else if (in.equals(".") || in.equals("..")) in = "";
            else {
                int start = in.charAt(0) == '/' ? 1 : 0;
                int next = in.indexOf('/', start);
                if (next < 0) next = in.length();
                out.append(in, 0, next);
                in = in.substring(next);
            }
        }
        return out.toString();
    }
}
