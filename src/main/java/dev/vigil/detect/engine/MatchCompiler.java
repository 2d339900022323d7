package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Compare;
import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Pcre;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule's matches on one buffer into what {@link BufferInspector} runs: each {@link Rule.BufferTest}
 * parsed once into its {@link CursorKeyword}, each variable name into a slot, each content that names a
 * variable into a {@link VarContent}. What Vigil cannot inspect is refused with the keyword and reason.
 */
public final class MatchCompiler {
    /** Variables one buffer's matches may define (Suricata's own limit is lower in practice). */
    static final int MAX_VARIABLES = 32;

    /** The buffer tests it compiles; a rule with another ({@code base64_decode}) is not inspected. */
    static final Set<String> KEYWORDS = Set.of("isdataat", "bsize", "byte_test", "byte_jump", "byte_extract", "byte_math",
            "base64_decode");

    private MatchCompiler() {}

    /** The compiled matches, or a {@link RuleException} naming what cannot be inspected. */
    public static List<Object> compile(List<Object> matches) throws RuleException {
        return compile(matches, false);
    }

    /** {@code decoded}: the matches are a base64_decode's data contents, compiled for its output. */
    private static List<Object> compile(List<Object> matches, boolean decoded) throws RuleException {
        Map<String, Integer> vars = new HashMap<>();
        List<Object> out = new ArrayList<>(matches.size());
        for (int i = 0; i < matches.size(); i++) {
            Object m = matches.get(i);
            if (m instanceof Rule.BufferTest t && t.keyword().equals("base64_decode")) {
                // the decoded data's contents follow the decode; they are matched on its output
                List<Object> data = new ArrayList<>();
                while (i + 1 < matches.size() && decodedData(matches.get(i + 1))) data.add(matches.get(++i));
                out.add(Base64Decode.parse(t.value(), compile(data, true)));
                continue;
            }
            if (decodedData(m) && !decoded) throw new RuleException("base64_data", "base64_data content apart from its base64_decode");
            if (m instanceof Content c) {
                out.add(content(c, vars));
            } else if (m instanceof Pcre p) {
                out.add(p);
            } else if (m instanceof Rule.BufferTest t) {
                out.add(switch (t.keyword()) {
                    case "isdataat" -> IsDataAt.parse(t.value(), vars);
                    case "bsize" -> new Bsize(Compare.parse("bsize", t.value(), Integer.MAX_VALUE));
                    case "byte_test" -> ByteTest.parse(t.value(), vars);
                    case "byte_jump" -> ByteJump.parse(t.value(), vars);
                    case "byte_extract" -> ByteExtract.parse(t.value(), vars);
                    case "byte_math" -> ByteMath.parse(t.value(), vars);
                    default -> throw new RuleException(t.keyword(), t.keyword());
                });
                if (vars.size() > MAX_VARIABLES) throw new RuleException(t.keyword(), "more than " + MAX_VARIABLES + " byte variables");
            } else {
                throw new IllegalArgumentException("not a buffer match: " + m);
            }
        }
        return List.copyOf(out);
    }

    private static boolean decodedData(Object m) {
        return m instanceof Content c && c.base64Data || m instanceof Pcre p && p.base64Data;
    }

    private static Object content(Content c, Map<String, Integer> vars) throws RuleException {
        if (c.offsetVar == null && c.depthVar == null && c.distanceVar == null && c.withinVar == null) return c;
        return new VarContent(c, slot(c.offsetVar, vars), slot(c.depthVar, vars), slot(c.distanceVar, vars), slot(c.withinVar, vars));
    }

    private static int slot(String name, Map<String, Integer> vars) throws RuleException {
        if (name == null) return -1;
        Integer s = vars.get(name);
        // the parser knows the name from the rule; here it must come from the same buffer, earlier
        if (s == null) throw new RuleException("byte_extract", "byte_extract variable from another buffer");
        return s;
    }
}
