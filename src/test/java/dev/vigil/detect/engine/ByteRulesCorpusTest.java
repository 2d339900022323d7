package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.rules.Content;
import dev.vigil.detect.rules.Pcre;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every byte_test/byte_jump/byte_extract/byte_math rule of ET Open and the Snort 3 community set compiles
 * (or is refused only for what Vigil does not do: dce) and runs over hostile buffers without an exception:
 * random bytes, and the rule's own contents with random bytes between them, so the byte keywords read
 * numbers placed where the rule looks.
 */
class ByteRulesCorpusTest {

    @Test
    void realByteRulesCompileAndRunOnHostileBuffers() throws IOException {
        int compiled = 0, refused = 0;
        long matched = 0;
        Map<String, Integer> why = new TreeMap<>();
        BufferInspector inspector = new BufferInspector();
        Random random = new Random(42);
        for (String set : new String[] {"rules/et-open", "rules/snort3-community"}) {
            List<Path> files = RuleLoader.files(Corpus.root().resolve(set));
            for (Rule r : RuleLoader.forFiles(files, RuleVars.defaults()).load(files).rules()) {
                if (r.matches().stream().noneMatch(m -> m instanceof Rule.BufferTest t && t.keyword().startsWith("byte_"))) continue;
                for (List<Object> part : byBuffer(r).values()) {
                    List<Object> program;
                    try {
                        program = MatchCompiler.compile(part);
                    } catch (RuleException e) {
                        if (e.getMessage().equals("base64_decode")) continue;
                        why.merge(e.getMessage(), 1, Integer::sum);
                        refused++;
                        continue;
                    }
                    compiled++;
                    for (int k = 0; k < 40; k++) {
                        byte[] b = k % 2 == 0 ? randomBytes(random, random.nextInt(80)) : seeded(part, random);
                        if (inspector.inspect(program, b, b.length)) matched++;
                    }
                }
            }
        }
        System.out.printf("byte rules: %d buffers compiled, %d refused %s, %d matches on %d hostile buffers%n",
                compiled, refused, why, matched, compiled * 40L);
        assertThat(compiled).as("ET and Snort 3 byte rule buffers compiled (959 in November 2026)").isGreaterThan(900);
        assertThat(why.keySet()).as("refused only for dce byte order").allMatch(reason -> reason.endsWith(" dce"));
    }

    private static Map<String, List<Object>> byBuffer(Rule r) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Object m : r.matches()) {
            String b = m instanceof Content c ? c.buffer : m instanceof Pcre p ? p.buffer : ((Rule.BufferTest) m).buffer();
            out.computeIfAbsent(b, x -> new ArrayList<>()).add(m);
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The rule's positive contents in order, each followed by a few random bytes (numbers for the byte keywords). */
    private static byte[] seeded(List<Object> part, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(randomBytes(random, random.nextInt(4)));
        for (Object m : part) {
            if (m instanceof Content c && !c.negated) {
                out.writeBytes(c.pattern);
                out.writeBytes(randomBytes(random, random.nextInt(12)));
            }
        }
        return out.toByteArray();
    }
}
