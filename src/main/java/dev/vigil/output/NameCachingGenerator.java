package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A generator that writes every field name from its UTF-8 bytes encoded once. EVE records use a few
 * hundred distinct names, written millions of times: Jackson would otherwise check each character of
 * each name for escaping on every record ({@code writeStringField("app_proto", ...)} and the like).
 * Output is byte for byte what the wrapped generator writes.
 */
final class NameCachingGenerator extends JsonGeneratorDelegate {
    /** Names beyond this many are written as they come: a bound, should a record ever use open-ended names. */
    static final int MAX_NAMES = 4096;

    private final Map<String, SerializedString> names = new HashMap<>();

    NameCachingGenerator(JsonGenerator d) {
        super(d, false);
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        SerializedString s = names.get(name);
        if (s == null) {
            if (names.size() >= MAX_NAMES) {
                delegate.writeFieldName(name);
                return;
            }
            s = new SerializedString(name);
            names.put(name, s);
        }
        delegate.writeFieldName(s);
    }

    int cachedNames() { return names.size(); }
}
