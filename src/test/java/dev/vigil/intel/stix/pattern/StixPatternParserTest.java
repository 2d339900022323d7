package dev.vigil.intel.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.intel.stix.pattern.ComparisonExpression.Comparison;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Junction;
import dev.vigil.intel.stix.pattern.ObservationExpression.Combination;
import dev.vigil.intel.stix.pattern.ObservationExpression.Observation;
import dev.vigil.intel.stix.pattern.ObservationExpression.Qualified;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class StixPatternParserTest {

    private static StixPattern p(String s) throws StixPatternException {
        StixPattern parsed = StixPattern.parse(s);
        assertThat(StixPattern.parse(parsed.toString())).as("round trip of " + s).isEqualTo(parsed);
        return parsed;
    }

    @Test
    void observationOperatorsBindAndThenOrThenFollowedBy() throws StixPatternException {
        StixPattern x = p("[a:x = 1] FOLLOWEDBY [a:x = 2] OR [a:x = 3] AND [a:x = 4]");
        Combination fb = (Combination) x.root();
        assertThat(fb.op()).isEqualTo(ObservationExpression.Op.FOLLOWEDBY);
        Combination or = (Combination) fb.operands().get(1);
        assertThat(or.op()).isEqualTo(ObservationExpression.Op.OR);
        assertThat(((Combination) or.operands().get(1)).op()).isEqualTo(ObservationExpression.Op.AND);
        assertThat(x.toString()).isEqualTo("[a:x = 1] FOLLOWEDBY [a:x = 2] OR [a:x = 3] AND [a:x = 4]");
    }

    @Test
    void parenthesesSurviveTheCanonicalForm() throws StixPatternException {
        StixPattern x = p("([a:x = 1] FOLLOWEDBY [a:x = 2]) AND [a:x = 3]");
        assertThat(x.toString()).isEqualTo("([a:x = 1] FOLLOWEDBY [a:x = 2]) AND [a:x = 3]");
        StixPattern right = p("[a:x = 1] FOLLOWEDBY ([a:x = 2] FOLLOWEDBY [a:x = 3])");
        assertThat(right.toString()).isEqualTo("[a:x = 1] FOLLOWEDBY ([a:x = 2] FOLLOWEDBY [a:x = 3])");
        assertThat(right).isNotEqualTo(p("[a:x = 1] FOLLOWEDBY [a:x = 2] FOLLOWEDBY [a:x = 3]"));
        assertThat(p("(([a:x = 1]))").toString()).isEqualTo("[a:x = 1]");
    }

    @Test
    void comparisonAndBindsTighterThanOr() throws StixPatternException {
        StixPattern x = p("[a:x = 1 OR a:y = 2 AND a:z = 3]");
        Junction or = (Junction) ((Observation) x.root()).comparison();
        assertThat(or.op()).isEqualTo(ComparisonExpression.Op.OR);
        assertThat(((Junction) or.operands().get(1)).op()).isEqualTo(ComparisonExpression.Op.AND);
        assertThat(p("[(a:x = 1 OR a:y = 2) AND a:z = 3]").toString()).isEqualTo("[(a:x = 1 OR a:y = 2) AND a:z = 3]");
    }

    @Test
    void qualifiersApplyToTheNearestObservationExpression() throws StixPatternException {
        StixPattern x = p("[a:x = 1] AND [a:x = 2] WITHIN 5 SECONDS");
        Combination and = (Combination) x.root();
        assertThat(and.operands().get(1)).isInstanceOf(Qualified.class);
        StixPattern chain = p("[a:x = 1] REPEATS 3 TIMES WITHIN 2.5 SECONDS START t'2024-01-01T00:00:00Z' STOP t'2024-01-02T00:00:00Z'");
        Qualified outer = (Qualified) chain.root();
        assertThat(outer.qualifier()).isInstanceOf(Qualifier.StartStop.class);
        assertThat(((Qualified) outer.expression()).qualifier()).isEqualTo(new Qualifier.Within(new BigDecimal("2.5")));
        assertThat(chain.toString()).isEqualTo("[a:x = 1] REPEATS 3 TIMES WITHIN 2.5 SECONDS START t'2024-01-01T00:00:00Z' STOP t'2024-01-02T00:00:00Z'");
    }

    @Test
    void aRepeatedQualifierKindNeedsParentheses() throws StixPatternException {
        assertThatThrownBy(() -> StixPattern.parse("[a:x = 1] REPEATS 2 TIMES REPEATS 2 TIMES")).isInstanceOf(StixPatternException.class);
        StixPattern ok = p("([a:x = 1] REPEATS 2 TIMES) REPEATS 2 TIMES");
        assertThat(ok.toString()).isEqualTo("([a:x = 1] REPEATS 2 TIMES) REPEATS 2 TIMES");
        assertThat(p("([a:x = 1]) WITHIN 5 SECONDS WITHIN 6 SECONDS").toString()).isEqualTo("([a:x = 1] WITHIN 5 SECONDS) WITHIN 6 SECONDS");
    }

    @Test
    void qualifierValuesAreChecked() {
        for (String bad : List.of("[a:x = 1] WITHIN 0 SECONDS", "[a:x = 1] REPEATS 0 TIMES", "[a:x = 1] WITHIN 1 second",
                "[a:x = 1] START t'2024-01-01T00:00:00Z'", "[a:x = 1] START '2024-01-01T00:00:00Z' STOP '2024-01-02T00:00:00Z'"))
            assertThatThrownBy(() -> StixPattern.parse(bad)).as(bad).isInstanceOf(StixPatternException.class);
    }

    @Test
    void stix20AcceptsPlainStringsInStartStop() throws StixPatternException {
        StixPattern x = StixPattern.parse("[a:x = 1] START '2024-01-01T00:00:00Z' STOP '2024-01-02T00:00:00Z'", StixPattern.Version.V2_0);
        assertThat(x.toString()).isEqualTo("[a:x = 1] START t'2024-01-01T00:00:00Z' STOP t'2024-01-02T00:00:00Z'");
    }

    @Test
    void stringEscapesAreOnlyQuoteAndBackslash() throws StixPatternException {
        Comparison c = (Comparison) ((Observation) p("[a:x = 'it\\'s a \\\\ back']").root()).comparison();
        assertThat(c.value()).isEqualTo(new Literal.Text("it's a \\ back"));
        assertThat(c.toString()).isEqualTo("a:x = 'it\\'s a \\\\ back'");
        assertThatThrownBy(() -> StixPattern.parse("[a:x = 'bad \\d']")).isInstanceOf(StixPatternException.class)
                .extracting(e -> ((StixPatternException) e).position()).isEqualTo(12);
        assertThatThrownBy(() -> StixPattern.parse("[a:x = 'open]")).isInstanceOf(StixPatternException.class);
    }

    @Test
    void literalsOfEveryKind() throws StixPatternException {
        Comparison c = first("[a:x IN (1, -2, +3)]");
        assertThat(((Literal.Set) c.value()).members()).containsExactly(new Literal.Int(1), new Literal.Int(-2), new Literal.Int(3));
        assertThat(first("[a:x > -1.5]").value()).isEqualTo(new Literal.Real(-1.5));
        assertThat(first("[a:x < .25]").value()).isEqualTo(new Literal.Real(0.25));
        assertThat(first("[a:x = true]").value()).isEqualTo(new Literal.Bool(true));
        assertThat(first("[a:x_hex = h'0aFF']").value()).isEqualTo(new Literal.Bytes(new byte[] {10, -1}, true));
        assertThat(first("[a:x_bin = b'AQID']").value()).isEqualTo(new Literal.Bytes(new byte[] {1, 2, 3}, false));
        assertThat(first("[a:t = t'2024-02-30T00:00:00.5Z']").value()).isEqualTo(new Literal.Timestamp("2024-02-30T00:00:00.5Z"));
        assertThat(first("[a:x IN ()]").value()).isEqualTo(new Literal.Set(List.of()));
        for (String bad : List.of("[a:x = h'abc']", "[a:x = b'abc']", "[a:x = null]", "[a:x > true]", "[a:x IN (1, 'a')]",
                "[a:x = t'2024-01-01t00:00:00Z']", "[a:x = 99999999999999999999]", "[a:x MATCHES '(']", "[a:x LIKE 5]"))
            assertThatThrownBy(() -> StixPattern.parse(bad)).as(bad).isInstanceOf(StixPatternException.class);
    }

    @Test
    void objectPathsWithQuotesIndexesAndReferences() throws StixPatternException {
        Comparison c = first("[obj-type:a.b[*][1].'c-d'.e_ref.value = 1]");
        assertThat(c.path().objectType()).isEqualTo("obj-type");
        assertThat(c.path().steps()).containsExactly(new ObjectPath.Key("a"), new ObjectPath.Key("b"), new ObjectPath.AnyIndex(),
                new ObjectPath.Index(1), new ObjectPath.Key("c-d"), new ObjectPath.Key("e_ref"), new ObjectPath.Key("value"));
        assertThat(c.path().toString()).isEqualTo("obj-type:a.b[*][1].'c-d'.e_ref.value");
        assertThat(first("[a:'AND' = 1]").path().toString()).isEqualTo("a:'AND'");
        for (String bad : List.of("[a:needs-quotes = 1]", "[a.b = 1]", "[a:b[-1] = 1]", "[a: = 1]", "[AND:x = 1]"))
            assertThatThrownBy(() -> StixPattern.parse(bad)).as(bad).isInstanceOf(StixPatternException.class);
    }

    @Test
    void hashesMustLookLikeTheirAlgorithm() throws StixPatternException {
        p("[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']");
        p("[file:hashes.'SHA-1' IN ('da39a3ee5e6b4b0d3255bfef95601890afd80709')]");
        assertThatThrownBy(() -> StixPattern.parse("[file:hashes.'SHA-1' = 'cead3f77f6cda6ec00f57d76c9a6879f']")).isInstanceOf(StixPatternException.class);
        assertThatThrownBy(() -> StixPattern.parse("[file:hashes.MD5 IN ('zz')]")).isInstanceOf(StixPatternException.class);
    }

    @Test
    void hostileNestingEndsInAParseError() {
        String deep = "(".repeat(50_000) + "[a:x = 1]" + ")".repeat(50_000);
        assertThatThrownBy(() -> StixPattern.parse(deep)).isInstanceOf(StixPatternException.class).hasMessageContaining("nesting");
        String deepCmp = "[" + "(".repeat(50_000) + "a:x = 1" + ")".repeat(50_000) + "]";
        assertThatThrownBy(() -> StixPattern.parse(deepCmp)).isInstanceOf(StixPatternException.class);
        assertThatThrownBy(() -> StixPattern.parse("[a:x = 1]" + " ".repeat(StixPatternParser.MAX_LENGTH))).isInstanceOf(StixPatternException.class);
        String regexBomb = "[a:x MATCHES '" + "(".repeat(5_000) + ")".repeat(5_000) + "']";
        assertThatThrownBy(() -> StixPattern.parse(regexBomb)).isInstanceOf(StixPatternException.class);
    }

    @Test
    void longFlatChainsDoNotDeepenTheTree() throws StixPatternException {
        StringBuilder b = new StringBuilder("[a:x = 0");
        for (int i = 1; i < 20_000; i++) b.append(" OR a:x = ").append(i);
        StixPattern x = p(b.append(']').toString());
        assertThat(((Observation) x.root()).comparisons()).hasSize(20_000);
        assertThat(x.hashCode()).isEqualTo(StixPattern.parse(x.toString()).hashCode());
    }

    @Test
    void compilerHelpersFindLineRateObservations() throws StixPatternException {
        StixPattern simple = p("[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value ISSUBSET '10.0.0.0/8' OR ipv4-addr:value IN ('5.6.7.8')] OR [domain-name:value = 'x.example']");
        assertThat(simple.isLineRateDetectable()).isTrue();
        assertThat(simple.observations()).extracting(o -> o.simpleDisjunctionType().orElse(null)).containsExactly("ipv4-addr", "domain-name");
        assertThat(p("[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:x = 1]").isLineRateDetectable()).isFalse();
        assertThat(p("[ipv4-addr:value = '1.2.3.4' OR domain-name:value = 'a']").observations().getFirst().simpleDisjunctionType()).isEmpty();
        assertThat(p("[ipv4-addr:value NOT = '1.2.3.4']").isLineRateDetectable()).isFalse();
        assertThat(p("[ipv4-addr:value = '1.2.3.4'] REPEATS 2 TIMES").isLineRateDetectable()).isFalse();
        assertThat(p("[a:x = 1] FOLLOWEDBY [a:x = 2]").isLineRateDetectable()).isFalse();
        StringBuilder seen = new StringBuilder();
        p("[a:x = 1 AND EXISTS a:y] AND [b:z LIKE 'q%']").forEachComparison((obs, c) -> seen.append(obs.comparisons().size()).append(':').append(c).append(';'));
        assertThat(seen.toString()).isEqualTo("2:a:x = 1;2:EXISTS a:y;1:b:z LIKE 'q%';");
    }

    @Test
    void parsesAHundredThousandSimplePatternsQuickly() throws StixPatternException {
        for (int i = 0; i < 20_000; i++) StixPattern.parse("[ipv4-addr:value = '1.2.3." + (i & 255) + "']");
        long t0 = System.nanoTime();
        int n = 0;
        for (int i = 0; i < 100_000; i++) n += StixPattern.parse("[ipv4-addr:value = '1.2.3.4']").observations().size();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("parsed 100000 simple patterns in " + ms + " ms");
        assertThat(n).isEqualTo(100_000);
        assertThat(ms).isLessThan(2_000);
    }

    private static Comparison first(String s) throws StixPatternException {
        return (Comparison) ((Observation) p(s).root()).comparisons().getFirst();
    }
}
