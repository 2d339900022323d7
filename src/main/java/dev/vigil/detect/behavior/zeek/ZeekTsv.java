package dev.vigil.detect.behavior.zeek;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a Zeek TSV log as its {@code #} header lines set it, and its data rows. Zeek writes the
 * header before every log it opens, so a header line met mid-file starts a new layout (concatenated logs).
 */
final class ZeekTsv {
    /** More columns than any Zeek log has; a header naming more is hostile and refused. */
    static final int MAX_FIELDS = 1024;

    String separator = "\t", setSeparator = ",", emptyField = "(empty)", unsetField = "-", path;
    private Map<String, Integer> index;
    private int columns;
    /**
     * Column of {@code #fields} that holds several names joined by spaces (some Stratosphere labelled logs
     * append {@code label} and {@code detailed-label} that way), and how many names it holds; -1 if none.
     */
    private int spaceJoinedColumn = -1, spaceJoinedNames;

    /** Applies one header line (starting with {@code #}). */
    void header(String line) {
        if (line.startsWith("#separator")) {
            // "#separator \x09": the only header whose value follows a space, because the separator is not yet known
            String v = line.substring(10).strip();
            String sep = unescape(v);
            if (!sep.isEmpty()) separator = sep;
            // a new log begins: forget the previous layout
            index = null;
            path = null;
            return;
        }
        // from 1: a separator of '#' (hostile, but possible) must not split the header's own mark
        int cut = line.indexOf(separator, 1);
        if (cut < 0) return;
        String key = line.substring(1, cut), value = line.substring(cut + separator.length());
        switch (key) {
            case "set_separator" -> setSeparator = unescape(value);
            case "empty_field" -> emptyField = unescape(value);
            case "unset_field" -> unsetField = unescape(value);
            case "path" -> path = unescape(value);
            case "fields" -> fields(value);
            default -> { }
        }
    }

    private void fields(String value) {
        List<String> cols = split(value, separator, MAX_FIELDS + 1);
        if (cols.size() > MAX_FIELDS) {
            index = null;
            return;
        }
        Map<String, Integer> m = new HashMap<>();
        spaceJoinedColumn = -1;
        for (int i = 0; i < cols.size(); i++) {
            String c = cols.get(i);
            if (c.indexOf(' ') >= 0 && spaceJoinedColumn < 0) {
                String[] names = c.strip().split(" +");
                spaceJoinedColumn = i;
                spaceJoinedNames = names.length;
                // the joined names take column numbers after the real columns, so the others keep theirs
                m.putIfAbsent(names[0], i);
                for (int k = 1; k < names.length; k++) m.putIfAbsent(names[k], cols.size() + k - 1);
            } else {
                m.putIfAbsent(c, i);
            }
        }
        index = m;
        columns = cols.size();
    }

    boolean hasFields() { return index != null; }

    /** @throws ZeekMalformed when the row does not fit the header */
    ZeekRow row(String line) {
        if (index == null) throw new ZeekMalformed("row before #fields");
        List<String> v = split(line, separator, columns + 1);
        if (v.size() != columns) throw new ZeekMalformed("column count differs from #fields");
        if (spaceJoinedColumn >= 0) {
            String joined = v.get(spaceJoinedColumn);
            String[] parts = joined.strip().split(" {2,}|\t");
            if (parts.length != spaceJoinedNames) throw new ZeekMalformed("space-joined columns differ from #fields");
            v.set(spaceJoinedColumn, parts[0]);
            for (int k = 1; k < parts.length; k++) v.add(parts[k]);
        }
        return new Row(v);
    }

    private final class Row implements ZeekRow {
        private final List<String> values;
        private final Map<String, Integer> idx = index;
        private final String unset = unsetField, empty = emptyField, setSep = setSeparator;

        Row(List<String> values) { this.values = values; }

        private String raw(String field) {
            Integer i = idx.get(field);
            return i == null ? null : values.get(i);
        }

        @Override
        public String text(String field) {
            String r = raw(field);
            if (r == null || r.equals(unset)) return null;
            if (r.equals(empty)) return "";
            return unescape(r);
        }

        @Override
        public List<String> list(String field) {
            String r = raw(field);
            if (r == null || r.equals(unset) || r.equals(empty)) return List.of();
            List<String> out = new ArrayList<>();
            for (String s : split(r, setSep, Integer.MAX_VALUE)) out.add(unescape(s));
            return out;
        }
    }

    /** Splits on a literal separator; stops early (returning {@code limit} parts) so a hostile row cannot make a huge list. */
    static List<String> split(String s, String sep, int limit) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            out.add(s);
            return out;
        }
        int from = 0;
        while (out.size() < limit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                out.add(s.substring(from));
                break;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        return out;
    }

    /**
     * Undoes Zeek's escapes: {@code \xHH} for a byte (the separator, control and non-ASCII bytes) and
     * {@code \\} for a backslash. Escaped bytes may be halves of UTF-8 characters, so the value is rebuilt
     * as bytes and decoded once.
     */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < n && s.charAt(i + 1) == 'x' && hex(s.charAt(i + 2)) >= 0 && hex(s.charAt(i + 3)) >= 0) {
                b.write(hex(s.charAt(i + 2)) << 4 | hex(s.charAt(i + 3)));
                i += 3;
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\\') {
                b.write('\\');
                i++;
            } else if (c < 0x80) {
                b.write(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < n ? i + 2 : i + 1;
                b.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
