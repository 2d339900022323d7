package dev.vigil.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TsharkTextTest {
    @Test
    void tsharkEscapesReadBackToTheBytesOfTheName() {
        // dns.qry.name of malformed/ndpi-fuzz-2006-06-26-2594.pcap frames 218, 452 and 331
        assertThat(TsharkText.unescaped("_sip._udp.%s\\000p.brVjula.net")).isEqualTo("_sip._udp.%s\u0000p.brVjula.net");
        assertThat(TsharkText.unescaped("1.0.0.127.in-a\\032dr.arpa")).isEqualTo("1.0.0.127.in-a\u001adr.arpa");
        assertThat(TsharkText.unescaped("_sip._udp.s\\rp.cIbercity.dk")).isEqualTo("_sip._udp.s\rp.cIbercity.dk");
        assertThat(TsharkText.unescaped("a\\\\b")).isEqualTo("a\\b");
        // not an escape: left as it is, and text without a backslash is the same object
        assertThat(TsharkText.unescaped("x\\q\\9")).isEqualTo("x\\q\\9");
        String plain = "www.example.com";
        assertThat(TsharkText.unescaped(plain)).isSameAs(plain);
    }

    @Test
    void aNulEndsTheTextTsharkShows() {
        assertThat(TsharkText.toNul("%s\u00002.20.3.5")).isEqualTo("%s");
        assertThat(TsharkText.toNul("172.20.3.13")).isEqualTo("172.20.3.13");
    }
}
