package dev.vigil.oracle.sv;

import dev.vigil.oracle.sv.PyValues.PyError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One suricata-verify {@code filter} check: {@code match} entries applied to every EVE record, the
 * number of matching records compared with {@code count} (equality, not a minimum).
 *
 * <p>Key paths follow the runner's {@code find_value}: split on dots, each segment may end in
 * {@code [i]}; a missing key or index gives None (so only an expected YAML null would match it). The
 * last segment may be a suffix operator: {@code __len} (length, -1 when the value has none),
 * {@code __find}, {@code __contains}, {@code __startswith}, {@code __endswith} (string or membership
 * tests that raise, failing the test, when the value is missing or of the wrong type) and
 * {@code __gt/__gte/__lt/__lte} (numeric, no match unless both sides are int or float and not bool).
 * {@code has-key} / {@code not-has-key} take a path or a list of paths. Entries are tried in file order
 * and the first mismatch ends the record, as Python's loop does, so an error in a later entry is only
 * raised for records that matched the earlier ones.
 */
public final class FilterCheck {
    private static final Pattern INDEX = Pattern.compile("^(.*)\\[(\\d+)\\]$");
    private static final Set<String> STOP = Set.of("__find", "__contains", "__startswith", "__endswith",
            "__gt", "__gte", "__lt", "__lte");

    private final Map<String, Object> config;

    public FilterCheck(Map<String, Object> config) {
        this.config = config;
    }

    public Map<String, Object> config() { return config; }

    @SuppressWarnings("unchecked")
    public Map<String, Object> match() {
        Object m = config.get("match");
        return m instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
    }

    /** Number of records that match; throws {@link PyError} where the Python runner would raise. */
    public int count(List<Object> events) {
        int n = 0;
        for (Object e : events) if (matches(e)) n++;
        return n;
    }

    /** Null when the check passes, else the failure text. */
    public String verdict(List<Object> events) {
        if (!config.containsKey("count")) return "filter has no count (the runner raises KeyError)";
        int n;
        try {
            n = count(events);
        } catch (PyError e) {
            return "error: " + e.getMessage();
        }
        Object expected = config.get("count");
        if (PyValues.eq(n, expected)) return null;
        return "expected " + PyValues.repr(expected) + " matches; got " + n + " for filter " + config;
    }

    public boolean matches(Object event) {
        for (Map.Entry<String, Object> e : match().entrySet()) {
            String key = e.getKey();
            Object expected = e.getValue();
            if (key.equals("has-key")) {
                for (Object path : paths(expected)) if (findValue(String.valueOf(path), event) == null) return false;
            } else if (key.equals("not-has-key")) {
                for (Object path : paths(expected)) if (findValue(String.valueOf(path), event) != null) return false;
            } else if (key.endsWith("__find")) {
                Object val = findValue(key, event);
                if (!(expected instanceof String s)) throw new PyError("must be str, not " + PyValues.typeName(expected));
                if (!PyValues.str(val, "find").contains(s)) return false;
            } else if (key.endsWith("__contains")) {
                Object val = findValue(key, event);
                if (!PyValues.contains(val, expected)) return false;
            } else if (key.endsWith("__startswith")) {
                Object val = findValue(key, event);
                if (!(expected instanceof String s)) throw new PyError("startswith first arg must be str");
                if (!PyValues.str(val, "startswith").startsWith(s)) return false;
            } else if (key.endsWith("__endswith")) {
                Object val = findValue(key, event);
                if (!(expected instanceof String s)) throw new PyError("endswith first arg must be str");
                if (!PyValues.str(val, "endswith").endsWith(s)) return false;
            } else if (key.endsWith("__gt") || key.endsWith("__gte") || key.endsWith("__lt") || key.endsWith("__lte")) {
                Object val = findValue(key, event);
                if (!PyValues.isNumber(val) || !PyValues.isNumber(expected)) return false;
                int c = PyValues.exact(val) == null || PyValues.exact(expected) == null
                        ? Double.compare(((Number) val).doubleValue(), ((Number) expected).doubleValue())
                        : PyValues.exact(val).compareTo(PyValues.exact(expected));
                boolean ok = key.endsWith("__gt") ? c > 0 : key.endsWith("__gte") ? c >= 0 : key.endsWith("__lt") ? c < 0 : c <= 0;
                if (!ok) return false;
            } else {
                if (!PyValues.eq(findValue(key, event), expected)) return false;
            }
        }
        return true;
    }

    private static List<?> paths(Object expected) {
        return expected instanceof List<?> l ? l : java.util.Collections.singletonList(expected);
    }

    /** The runner's find_value: dotted path with optional [i] per segment; None when absent. */
    public static Object findValue(String name, Object obj) {
        for (String part : name.split("\\.", -1)) {
            if (part.equals("__len")) return PyValues.len(obj);
            if (STOP.contains(part)) break;
            String key = part;
            String index = null;
            Matcher m = INDEX.matcher(part);
            if (m.matches()) {
                key = m.group(1);
                index = m.group(2);
            }
            if (obj instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) return null;
                obj = map.get(key);
            } else if (obj instanceof String || obj instanceof List<?>) {
                // `key in obj` is a substring/membership test; obj[key] then raises TypeError
                if (PyValues.contains(obj, key)) throw new PyError("indices must be integers, not str ('" + key + "')");
                return null;
            } else {
                throw new PyError("argument of type '" + PyValues.typeName(obj) + "' is not iterable (at '" + part + "' of " + name + ")");
            }
            if (index != null) {
                int i;
                try {
                    i = Integer.parseInt(index);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (obj instanceof List<?> l) {
                    if (i >= l.size()) return null;
                    obj = l.get(i);
                } else if (obj instanceof String s) {
                    if (i >= s.length()) return null;
                    obj = String.valueOf(s.charAt(i));
                } else {
                    return null; // dict[int], None[int], ... raise inside the runner's try: None
                }
            }
        }
        return obj;
    }
}
