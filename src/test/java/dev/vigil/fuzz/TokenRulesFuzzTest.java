package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.deception.token.Honeytoken;
import dev.vigil.deception.token.TokenFactory;
import dev.vigil.deception.token.TokenRules;
import dev.vigil.deception.token.TokenType;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of honeytoken rule generation: memos, user names and passwords are typed by
 * operators (or imported from a scenario key) and may hold anything — quotes, semicolons, pipes,
 * backslashes, newlines, any Unicode. An input is [1 byte: the token type][memo 0x00 user 0x00 password].
 * Must hold: every rule the generator writes parses (a refused rule is a token that silently detects
 * nothing), with a sid inside the token's block, and one rule per line.
 */
class TokenRulesFuzzTest {
    private static final RuleParser PARSER = new RuleParser(RuleVars.defaults(), null);
    private static final TokenFactory FACTORY = new TokenFactory();

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(0, "backup.ps1 on FS01\0svc_backup\0Bk7yhq3k2m9x!"),
                FuzzSeeds.prefixed(4, "memo with \"quotes\"; and | pipes \\ and\nnewlines\0ad\u00e9min\0p\u00e4ss;w\"rd|x\\1234"),
                FuzzSeeds.prefixed(6, "env\0a\0abcdefgh"),
                FuzzSeeds.prefixed(2, "dns token\0x\0y"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void rulesAlwaysParse(byte[] input) {
        if (input.length < 2) return;
        TokenType type = TokenType.values()[(input[0] & 0xff) % TokenType.values().length];
        String[] parts = new String(input, 1, input.length - 1, StandardCharsets.UTF_8).split("\0", -1);
        String memo = parts[0];
        String user = parts.length > 1 ? parts[1] : "";
        String password = parts.length > 2 ? parts[2] : "";
        if (memo.isBlank() || user.isEmpty() || password.isEmpty()) return;
        Map<String, String> values = new LinkedHashMap<>(FACTORY.values(type, "svc_x"));
        if (values.containsKey(Honeytoken.USERNAME)) {
            values.put(Honeytoken.USERNAME, user);
            values.put(Honeytoken.PASSWORD, password);
        }
        int sid = 7_120_000 + 10 * ((input[0] & 0xff) % 50);
        Honeytoken t = new Honeytoken("honeytoken--fuzz", type, memo, null, Instant.EPOCH, null, values, sid);
        for (String r : TokenRules.of(java.util.List.of(t))) {
            if (r.indexOf('\n') >= 0 || r.indexOf('\r') >= 0) throw new IllegalStateException("a rule spans lines: " + r);
            if (r.startsWith("#")) continue;
            Rule rule;
            try {
                rule = PARSER.parse(r, "fuzz", 1);
            } catch (RuleException e) {
                throw new IllegalStateException("generated rule refused (" + e.getMessage() + "): " + r, e);
            }
            if (rule.sid() < sid || rule.sid() >= sid + 10) throw new IllegalStateException("sid " + rule.sid() + " outside the block " + sid);
        }
    }
}
