package dev.vigil.applayer.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The headers of one message kept for {@code request_headers}/{@code response_headers}, in the order
 * they first appeared. As in libhtp, a repeated header is one entry whose values are joined by ", ".
 * Bounded like Suricata's output: a name is cut at {@link #MAX_NAME} bytes, a value at
 * {@link #MAX_VALUE}; and a message keeps at most {@link #MAX_BYTES} bytes in all (the headers beyond
 * are not logged), so a flow with many pending transactions cannot grow without bound.
 */
final class HeaderList {
    static final int MAX_NAME = 255;
    static final int MAX_VALUE = 2047;
    static final int MAX_BYTES = 16 * 1024;

    /** One logged header; the value is built from the raw bytes at write time. */
    record Header(String name, String value) {}

    private final int maxBytes, maxValue;
    private final List<byte[]> names = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private int bytes;

    HeaderList() {
        this(MAX_BYTES, MAX_VALUE);
    }

    /** For detection: values are not cut to the logged length, only the whole to {@code maxBytes}. */
    HeaderList(int maxBytes) {
        this(maxBytes, maxBytes);
    }

    private HeaderList(int maxBytes, int maxValue) {
        this.maxBytes = maxBytes;
        this.maxValue = maxValue;
    }

    void add(byte[] b, int no, int nl, int vo, int vl) {
        nl = Math.min(nl, MAX_NAME);
        for (int i = 0; i < names.size(); i++) {
            byte[] n = names.get(i);
            if (n.length == nl && sameIgnoreCase(n, b, no)) {
                byte[] old = values.get(i);
                int add = Math.min(vl, Math.max(0, maxValue - old.length - 2));
                if (add <= 0 || bytes + add + 2 > maxBytes) return;
                byte[] v = java.util.Arrays.copyOf(old, old.length + 2 + add);
                v[old.length] = ',';
                v[old.length + 1] = ' ';
                System.arraycopy(b, vo, v, old.length + 2, add);
                values.set(i, v);
                bytes += add + 2;
                return;
            }
        }
        vl = Math.min(vl, maxValue);
        if (bytes + nl + vl > maxBytes) return;
        names.add(java.util.Arrays.copyOfRange(b, no, no + nl));
        values.add(java.util.Arrays.copyOfRange(b, vo, vo + vl));
        bytes += nl + vl;
    }

    void clear() {
        names.clear();
        values.clear();
        bytes = 0;
    }

    boolean isEmpty() { return names.isEmpty(); }

    /** The headers as logged text. */
    List<Header> headers() {
        List<Header> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            byte[] n = names.get(i), v = values.get(i);
            out.add(new Header(HeaderValues.logText(n, 0, n.length), HeaderValues.logText(v, 0, v.length)));
        }
        return out;
    }

    private static boolean sameIgnoreCase(byte[] a, byte[] b, int off) {
        for (int i = 0; i < a.length; i++) {
            int x = a[i], y = b[off + i];
            if (x >= 'A' && x <= 'Z') x += 32;
            if (y >= 'A' && y <= 'Z') y += 32;
            if (x != y) return false;
        }
        return true;
    }

    /** Writes {@code name: [{name, value}...]}; nothing when {@code headers} is empty, as Suricata writes no empty array. */
    static void write(JsonGenerator g, String field, List<Header> headers) throws IOException {
        if (headers == null || headers.isEmpty()) return;
        g.writeArrayFieldStart(field);
        for (Header h : headers) {
            g.writeStartObject();
            g.writeStringField("name", h.name());
            g.writeStringField("value", h.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
