package dev.vigil.detect.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleParserTest {
    private final RuleParser parser = new RuleParser(RuleVars.defaults(), null);

    private Rule parse(String text) throws RuleException {
        return parser.parse(text, "t.rules", 1);
    }

    private static long v4(String a) {
        String[] p = a.split("\\.");
        return Long.parseLong(p[0]) << 24 | Long.parseLong(p[1]) << 16 | Long.parseLong(p[2]) << 8 | Long.parseLong(p[3]);
    }

    @Test
    void headerAddressesPortsAndVariables() throws RuleException {
        Rule r = parse("alert tcp $EXTERNAL_NET any -> [10.0.0.0/8,!10.1.1.1,192.0.2.0/255.255.255.0] [80,443,8000:8100,!8080] (msg:\"x\"; sid:1;)");
        RuleHeader h = r.header();
        assertThat(h.src().matches(4, 0, v4("8.8.8.8"))).isTrue();
        assertThat(h.src().matches(4, 0, v4("192.168.1.1"))).as("HOME_NET is not external").isFalse();
        assertThat(h.dst().matches(4, 0, v4("10.2.3.4"))).isTrue();
        assertThat(h.dst().matches(4, 0, v4("10.1.1.1"))).as("negated member").isFalse();
        assertThat(h.dst().matches(4, 0, v4("192.0.2.77"))).as("netmask form").isTrue();
        assertThat(h.dst().matches(4, 0, v4("11.0.0.1"))).isFalse();
        assertThat(h.dstPorts().matches(443)).isTrue();
        assertThat(h.dstPorts().matches(8050)).isTrue();
        assertThat(h.dstPorts().matches(8080)).isFalse();
        assertThat(h.dstPorts().matches(22)).isFalse();
        assertThat(h.srcPorts().isAny()).isTrue();
        assertThat(h.bidirectional()).isFalse();

        Rule v6 = parse("alert ip [2001:db8::/32,!2001:db8::1] any <> any !$HTTP_PORTS (sid:2;)");
        assertThat(v6.header().src().matches(6, 0x20010db800000000L, 5)).isTrue();
        assertThat(v6.header().src().matches(6, 0x20010db800000000L, 1)).isFalse();
        assertThat(v6.header().src().matches(4, 0, v4("10.0.0.1"))).as("IPv4 is not in an IPv6 block").isFalse();
        assertThat(v6.header().dstPorts().matches(80)).isFalse();
        assertThat(v6.header().dstPorts().matches(81)).isTrue();
        assertThat(v6.header().bidirectional()).isTrue();
    }

    @Test
    void badHeadersAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> parse("alert tcp $NOPE any -> any any (sid:1;)")).hasMessageContaining("undefined address variable $NOPE");
        assertThatThrownBy(() -> parse("alert tcp any any -> any 70000 (sid:1;)")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> parse("alert tcp !any any -> any any (sid:1;)")).hasMessageContaining("negates everything");
        assertThatThrownBy(() -> parse("alert foo any any -> any any (sid:1;)")).hasMessageContaining("unsupported protocol foo");
        assertThatThrownBy(() -> parse("alert tcp any any => any any (sid:1;)")).hasMessageContaining("direction");
        assertThatThrownBy(() -> parse("alert tcp 10.0.0.300 any -> any any (sid:1;)")).hasMessageContaining("not an address");
        RuleVars loop = RuleVars.defaults();
        loop.setAddress("A", "[$B]");
        loop.setAddress("B", "$A");
        assertThatThrownBy(() -> new RuleParser(loop, null).parse("alert tcp $A any -> any any (sid:1;)", "t", 1)).hasMessageContaining("refers to itself");
    }

    @Test
    void contentsModifiersAndBuffers() throws RuleException {
        Rule r = parse("alert http any any -> any any (msg:\"a \\\"quoted\\\" \\; msg\"; flow:established,to_server; "
                + "content:\"Mozilla\"; http_user_agent; http.method; content:\"POST\"; http.uri; content:\"/a|3B 3b|b\"; nocase; depth:20; fast_pattern; "
                + "content:!\"x\"; distance:0; within:10; "
                + "pcre:\"/^id=\\d+/Ri\"; sid:9; rev:3; classtype:trojan-activity; metadata:created_at 2020_01_01, tag A;)");
        assertThat(r.msg()).isEqualTo("a \"quoted\" ; msg");
        assertThat(r.sid()).isEqualTo(9);
        assertThat(r.rev()).isEqualTo(3);
        assertThat(r.metadata().get("created_at")).containsExactly("2020_01_01");
        List<Object> m = r.matches();
        Content ua = (Content) m.get(0), method = (Content) m.get(1), uri = (Content) m.get(2), not = (Content) m.get(3);
        assertThat(method.buffer).isEqualTo("http.method");
        assertThat(new String(uri.pattern, StandardCharsets.ISO_8859_1)).isEqualTo("/a;;b");
        assertThat(uri.buffer).isEqualTo("http.uri");
        assertThat(uri.nocase).isTrue();
        assertThat(uri.depth).isEqualTo(20);
        assertThat(r.fastPattern()).isSameAs(uri);
        assertThat(not.negated).isTrue();
        assertThat(not.within).isEqualTo(10);
        assertThat(ua.buffer).as("a legacy modifier moves its content").isEqualTo("http.user_agent");
        Pcre p = (Pcre) m.get(4);
        assertThat(p.relative).isTrue();
        assertThat(p.buffer).as("the sticky buffer in force").isEqualTo("http.uri");
        assertThat(p.compiled.matcher("ID=42").find()).isTrue();
        assertThat(r.conditions()).contains(new Rule.Setting("flow", "established,to_server"));
    }

    @Test
    void keywordErrorsNameTheKeyword() {
        assertThatThrownBy(() -> parse("alert http any any -> any any (http.uri; content:\"a\"; http_user_agent; sid:1;)"))
                .hasMessageContaining("http_user_agent on a content already in http.uri");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"a\"; lua:x.lua; sid:1;)"))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.keyword()).isEqualTo("lua"))
                .hasMessageContaining("unsupported keyword lua");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (nocase; sid:1;)")).hasMessageContaining("needs a content");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"ab\"; depth:4; distance:2; sid:1;)"))
                .hasMessageContaining("relative and absolute");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"abcdef\"; within:3; sid:1;)")).hasMessageContaining("within shorter");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"a|4\"; sid:1;)")).hasMessageContaining("hex");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"a\"; dotprefix; sid:1;)")).hasMessageContaining("must follow a sticky buffer");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"a\"; msg:\"x\")")).hasMessageContaining("not terminated");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"a\";)")).hasMessageContaining("no sid");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (pcre:\"/a(b/\"; sid:1;)"))
                .isInstanceOfSatisfying(RuleException.class, e -> assertThat(e.keyword()).isEqualTo("pcre"));
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (flow:sideways; sid:1;)")).hasMessageContaining("unknown flow option sideways");
        assertThatThrownBy(() -> parse("alert tcp any any -> any any (content:\"a\"; offset:x; sid:1;)")).hasMessageContaining("no byte_extract defines");
    }

    @Test
    void underscoreNamesOfNewerBuffersAreStickyOldOnesModify() throws RuleException {
        Rule r = parse("alert http any any -> any any (http.uri; content:\"/x\"; http_content_type; content:\"json\"; "
                + "pkt_data; content:\"GET\"; http_method; sid:6;)");
        assertThat(((Content) r.matches().get(1)).buffer).as("http_content_type is http.content_type's other name").isEqualTo("http.content_type");
        assertThat(((Content) r.matches().get(2)).buffer).as("http_method still moves the content before it").isEqualTo("http.method");
    }

    @Test
    void transformsAndByteExtractVariables() throws RuleException {
        Rule r = parse("alert dns any any -> any any (dns.query; dotprefix; content:\".evil.example\"; endswith; "
                + "byte_extract:2,0,len,relative; content:\"x\"; distance:len; sid:5;)");
        Content c = (Content) r.matches().get(0);
        assertThat(c.buffer).isEqualTo("dns.query|dotprefix");
        assertThat(c.endsWith).isTrue();
        Content x = (Content) r.matches().get(2);
        assertThat(x.distanceVar).isEqualTo("len");
    }

    @Test
    void pcreSyntaxJavaSpellsDifferently() throws RuleException {
        Pcre named = (Pcre) parse("alert tcp any any -> any any (pcre:\"/(?P<my_var>[a-z]+)=(?P=my_var)/\"; sid:1;)").matches().get(0);
        assertThat(named.compiled.matcher("abc=abc").find()).isTrue();
        assertThat(named.compiled.matcher("abc=abd").find()).isFalse();
        Pcre brace = (Pcre) parse("alert tcp any any -> any any (pcre:\"/try\\s*{}catch{?x}?/\"; sid:1;)").matches().get(0);
        assertThat(brace.compiled.matcher("try {}catchx").find()).isTrue();
        Pcre cls = (Pcre) parse("alert tcp any any -> any any (pcre:\"/[\\%\\]u[a-f]{2}/\"; sid:1;)").matches().get(0);
        assertThat(cls.compiled.matcher("[b").find()).as("[ inside a class is a member").isTrue();
        Pcre nul = (Pcre) parse("alert tcp any any -> any any (pcre:\"/a\\0b\\g{1}?/\"; sid:1;)").matches().get(0);
        assertThat(nul.compiled.matcher("a\0b").find()).isTrue();
        Pcre backslash = (Pcre) parse("alert tcp any any -> any any (content:\"x\"; pcre:\"/^a\\\\/R\"; sid:1;)").matches().get(1);
        assertThat(backslash.compiled.matcher("a\\").lookingAt()).as("a backslash pair is PCRE's, not the rule parser's").isTrue();
        Pcre dot = (Pcre) parse("alert tcp any any -> any any (pcre:\"/a.b$/\"; sid:1;)").matches().get(0);
        assertThat(dot.compiled.matcher("a\rb").find()).as("PCRE's . takes \\r").isTrue();
        assertThat(dot.compiled.matcher("a\nb").find()).isFalse();
    }

    @Test
    void snort3DialectReadsCommaModifiersStickyHttpBuffersAndServiceRules() throws RuleException {
        Rule r = parser.parse("alert tcp $EXTERNAL_NET any -> $HOME_NET $HTTP_PORTS ( msg:\"SERVER-WEBAPP x\"; flow:to_server,established; "
                + "http_uri; content:\"/cgi-bin/\",fast_pattern,nocase; content:\"a.pl\",distance 0,within 20; "
                + "http_header:field user-agent; content:\"curl\"; bufferlen:<100; service:http; rem:\"note\"; classtype:web-application-attack; sid:1000; rev:2; )",
                "s.rules", 3, Dialect.SNORT3);
        Content cgi = (Content) r.matches().get(0), pl = (Content) r.matches().get(1), curl = (Content) r.matches().get(2);
        assertThat(cgi.buffer).isEqualTo("http.uri");
        assertThat(cgi.nocase && cgi.fastPattern).isTrue();
        assertThat(pl.distance).isEqualTo(0);
        assertThat(pl.within).isEqualTo(20);
        assertThat(curl.buffer).isEqualTo("http.user_agent");
        assertThat(r.conditions()).contains(new Rule.Setting("service", "http"));
        Rule svc = parser.parse("alert http ( msg:\"x\"; http_uri; content:\"/x\"; sid:2; )", "s.rules", 4, Dialect.SNORT3);
        assertThat(svc.header().src().isAny() && svc.header().bidirectional()).isTrue();
        Rule len = parser.parse("alert tcp any any -> any any ( pkt_data; content:\"ab\",fast_pattern_offset 1,fast_pattern_length 1; bufferlen:5<=>7; sid:3; )",
                "s.rules", 5, Dialect.SNORT3);
        Content ab = (Content) len.matches().get(0);
        assertThat(ab.fastPattern && ab.fastPatternOffset == 1 && ab.fastPatternLength == 1).isTrue();
        assertThat(((Rule.BufferTest) len.matches().get(1)).value()).as("Snort's inclusive range as an exclusive one").isEqualTo("4<>8");
        assertThat(Dialect.of(List.of("alert tcp any any -> any any (content:\"a\",nocase; sid:1;)"))).isEqualTo(Dialect.SNORT3);
        assertThat(Dialect.of(List.of("alert tcp any any -> any any (content:\"a\"; nocase; sid:1;)"))).isEqualTo(Dialect.SURICATA);
    }

    @Test
    void loaderKeepsGoingAndSaysWhereAndWhy(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("local.rules");
        Files.writeString(f, String.join("\n",
                "# a comment",
                "#alert tcp any any -> any any (msg:\"disabled\"; sid:7;)",
                "alert tcp any any -> any any (msg:\"one\"; \\",
                "  content:\"a\"; sid:1; rev:1;)",
                "",
                "alert tcp any any -> any any (msg:\"bad\"; frobnicate; sid:2;)",
                "alert tcp any any -> any any (msg:\"one again\"; content:\"b\"; sid:1; rev:4;)",
                "alert tcp any any -> any any (msg:\"three\"; classtype:not-a-class; sid:3;)"));
        Files.writeString(dir.resolve("classification.config"), "config classification: trojan-activity,A Network Trojan was detected,1\n");
        RuleLoader.Result r = RuleLoader.forFiles(List.of(f), RuleVars.defaults()).load(List.of(f));
        assertThat(r.rules()).extracting(Rule::sid).containsExactly(1L);
        assertThat(r.rules().get(0).rev()).as("the higher rev of a duplicate sid stays").isEqualTo(4);
        assertThat(r.rules().get(0).line()).isEqualTo(7);
        assertThat(r.rejected()).extracting(RuleLoader.Rejected::line).containsExactly(6, 3, 8);
        assertThat(r.rejected()).extracting(RuleLoader.Rejected::sid).containsExactly(2L, 1L, 3L);
        assertThat(r.rejected().get(0).keyword()).isEqualTo("frobnicate");
        assertThat(r.rejected().get(1).reason()).contains("duplicate sid 1");
        assertThat(r.rejected().get(2).reason()).contains("unknown classtype not-a-class");
    }
}
