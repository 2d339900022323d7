package dev.vigil.oracle.sv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's YAML 1.1, Python-equality and find_value rules, pinned on small cases. */
class RunnerSemanticsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> y(String text) {
        return (Map<String, Object>) PyYaml.load(text);
    }

    @Test
    void yaml11ScalarsResolveAsPyYamlSafeLoad() {
        Map<String, Object> m = y("""
                a: yes
                b: No
                c: off
                d: 012
                e: 0x1F
                f: 1:30
                g: 1e5
                h: 1.5e+3
                i: ~
                j:
                k: '2018-04-14T20:55:27'
                l: 2018-04-14
                m: 7.0
                n: "02"
                o: .inf
                """);
        assertThat(m.get("a")).isEqualTo(true);
        assertThat(m.get("b")).isEqualTo(false);
        assertThat(m.get("c")).isEqualTo(false);
        assertThat(PyValues.eq(m.get("d"), 10)).isTrue();           // octal
        assertThat(PyValues.eq(m.get("e"), 31)).isTrue();
        assertThat(PyValues.eq(m.get("f"), 90)).isTrue();           // sexagesimal
        assertThat(m.get("g")).isEqualTo("1e5");                    // PyYAML: no dot, no float
        assertThat(PyValues.eq(m.get("h"), 1500)).isTrue();
        assertThat(m.get("i")).isNull();
        assertThat(m).containsKey("j");
        assertThat(m.get("j")).isNull();
        assertThat(m.get("k")).isEqualTo("2018-04-14T20:55:27");
        assertThat(m.get("l")).isInstanceOf(java.util.Date.class);  // a date, never equal to a JSON string
        assertThat(PyValues.eq(m.get("m"), 7)).isTrue();
        assertThat(m.get("n")).isEqualTo("02");
        assertThat(m.get("o")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> y("a: 1\na: 2\n")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void pythonEquality() {
        assertThat(PyValues.eq(1, 1.0)).isTrue();
        assertThat(PyValues.eq(true, 1)).isTrue();
        assertThat(PyValues.eq(false, 0L)).isTrue();
        assertThat(PyValues.eq("1", 1)).isFalse();
        assertThat(PyValues.eq(List.of(1, 10), List.of(1L, 10.0))).isTrue();
        assertThat(PyValues.eq(List.of(1, 10), List.of(1, 10, 100))).isFalse();
        assertThat(PyValues.eq(null, null)).isTrue();
        assertThat(PyValues.eq(Map.of("a", 1), Map.of("a", true))).isTrue();
    }

    @Test
    void findValueAndOperators() {
        Map<String, Object> ev = Map.of("event_type", "flow", "vlan", List.of(1, 10),
                "flow", Map.of("age", 3, "state", "new"), "tcp", Map.of("tcp_flags", "1b"));
        assertThat(FilterCheck.findValue("flow.age", ev)).isEqualTo(3);
        assertThat(FilterCheck.findValue("vlan[1]", ev)).isEqualTo(10);
        assertThat(FilterCheck.findValue("vlan[2]", ev)).isNull();
        assertThat(FilterCheck.findValue("vlan.__len", ev)).isEqualTo(2);
        assertThat(FilterCheck.findValue("missing.__len", ev)).isNull();
        assertThat(FilterCheck.findValue("flow.age.__len", ev)).isEqualTo(-1);
        assertThat(FilterCheck.findValue("nope.x", ev)).isNull();

        FilterCheck f = new FilterCheck(y("""
                count: 1
                match:
                  event_type: flow
                  vlan: [1, 10]
                  flow.state: new
                  tcp.tcp_flags.__startswith: "1"
                  flow.age.__gte: 3
                  has-key: [flow.age, tcp]
                  not-has-key: community_id
                """));
        assertThat(f.matches(ev)).isTrue();
        assertThat(f.verdict(List.of(ev, Map.of("event_type", "stats")))).isNull();
        assertThat(f.verdict(List.of(ev, ev))).contains("expected 1 matches; got 2");

        // a string operator on a missing value raises (the test fails), but only once earlier entries matched
        FilterCheck bad = new FilterCheck(y("count: 0\nmatch:\n  event_type: flow\n  app_proto.__startswith: h\n"));
        assertThat(bad.verdict(List.of(Map.of("event_type", "stats")))).isNull();
        assertThat(bad.verdict(List.of(ev))).startsWith("error:");
        // a bool is not a number for __gt
        assertThat(new FilterCheck(y("count: 0\nmatch:\n  flag.__gt: 0\n")).verdict(List.of(Map.of("flag", true)))).isNull();
    }

    @Test
    void versions() {
        assertThat(SvTest.unmet(Map.of("min-version", 8))).isNull();
        assertThat(SvTest.unmet(Map.of("min-version", "7.0.12"))).isNull();
        assertThat(SvTest.unmet(Map.of("min-version", 7.0))).isNull();
        assertThat(SvTest.unmet(Map.of("min-version", "8.0.1"))).isNotNull();
        assertThat(SvTest.unmet(Map.of("min-version", 9))).isNotNull();
        assertThat(SvTest.unmet(Map.of("lt-version", 8))).isNotNull();
        assertThat(SvTest.unmet(Map.of("lt-version", "8.0.1"))).isNull();
        assertThat(SvTest.unmet(Map.of("version", 8))).isNull();
        assertThat(SvTest.unmet(Map.of("version", "7"))).isNotNull();
        // Vigil has JA3 (HAVE_JA3) and nothing else of Suricata's build features
        assertThat(SvTest.unmet(Map.of("features", List.of("HAVE_JA3")))).isNull();
        assertThat(SvTest.unmet(Map.of("features", List.of("HAVE_LUA")))).isNotNull();
    }
}
