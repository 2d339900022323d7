package dev.vigil.scenario.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.applayer.tls.ClientHello;
import dev.vigil.applayer.tls.JA3;
import dev.vigil.applayer.tls.JA4;
import dev.vigil.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClientHelloWriterTest {
    static ClientHello parse(ClientHelloWriter.Hello h) {
        ClientHello ch = ClientHello.parse(h.message(), 4, h.message().length - 4);
        assertThat(ch).isNotNull();
        return ch;
    }

    static boolean grease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
    }

    @Test
    void chromeLooksLikeChrome() {
        Set<String> ja3 = new HashSet<>(), ja4 = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            ClientHelloWriter.Hello h = ClientHelloWriter.write(BrowserProfile.CHROME, "www.example.com", new SplittableRandom(seed));
            ClientHello ch = parse(h);
            assertThat(ch.sni()).isEqualTo("www.example.com");
            assertThat(ch.alpn()).containsExactly("h2", "http/1.1");
            // GREASE first in ciphers, groups and versions; first and last among extensions
            assertThat(grease(ch.cipherSuites()[0])).isTrue();
            assertThat(grease(ch.supportedGroups()[0])).isTrue();
            assertThat(grease(ch.supportedVersions()[0])).isTrue();
            int[] ext = ch.extensionTypes();
            assertThat(grease(ext[0])).isTrue();
            assertThat(grease(ext[ext.length - 1])).isTrue();
            assertThat(ext[0]).isNotEqualTo(ext[ext.length - 1]);
            ja3.add(JA3.client(ch));
            ja4.add(JA4.of(ch, 't'));
        }
        // Chrome shuffles its extensions: JA3 changes every connection, JA4 (sorted) does not
        assertThat(ja3.size()).isGreaterThan(15);
        assertThat(ja4).hasSize(1);
        String chrome = ja4.iterator().next();
        // 15 ciphers and 16 extensions without GREASE, SNI, h2 first
        assertThat(chrome).startsWith("t13d1516h2_");
        assertThat(realChromePrefixes()).contains(chrome.substring(0, 23));
        // Chrome 125 sends the same extension set and signature algorithms as 131 (only its hybrid group differs)
        ClientHello real = realHello("tls/zeek-chrome-1250-tls-x25519-kyber.pcap");
        assertThat(chrome).isEqualTo(JA4.of(real, 't'));
    }

    /** The first ClientHello of a corpus capture, as tshark reassembles it, parsed by Vigil. */
    static ClientHello realHello(String capture) {
        Path file = Corpus.file(capture);
        assumeTrue(Files.exists(file), capture + " missing from the corpus");
        String json;
        try {
            // tshark's JSON is large: into a file, since a pipe read after stderr would stall it
            Path out = Files.createTempFile("hello", ".json");
            try {
                Process p = new ProcessBuilder("tshark", "-n", "-r", file.toString(), "-Y", "tls.handshake.type == 1", "-c", "50", "-T", "json", "-x")
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
                json = Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
            }
            Matcher m = Pattern.compile("\"tls\\.handshake_raw\":\\s*\\[\\s*\"([0-9a-f]+)\"").matcher(json);
            assertThat(m.find()).as("a ClientHello in " + capture).isTrue();
            byte[] b = HexFormat.of().parseHex(m.group(1));
            ClientHello ch = ClientHello.parse(b, 4, b.length - 4);
            assertThat(ch).isNotNull();
            return ch;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void firefoxMatchesARealFirefoxJa4() {
        // a short name keeps the hello under 512 bytes, so NSS pads it, as in the reference capture
        ClientHelloWriter.Hello h = ClientHelloWriter.write(BrowserProfile.FIREFOX, "ads.example.com", new SplittableRandom(3));
        assertThat(h.offers(21)).isTrue();
        assertThat(h.message().length).isEqualTo(512);
        assertThat(realJa4("ja4-tls12.pcap")).contains(JA4.of(parse(h), 't'));
    }

    static Set<String> realJa4(String capture) {
        Path expected = Corpus.pcapDir().resolve("EXPECTED-VALUES.tsv");
        assumeTrue(Files.exists(expected), "corpus EXPECTED-VALUES.tsv missing");
        try (var lines = Files.lines(expected)) {
            return lines.map(l -> l.split("\t")).filter(f -> f.length >= 5 && f[0].endsWith(capture) && f[3].equals("ja4"))
                    .map(f -> f[4]).collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** JA4 a_b parts of Chrome ClientHellos in the corpus' reference values (FoxIO's own results). */
    static Set<String> realChromePrefixes() {
        Path expected = Corpus.pcapDir().resolve("EXPECTED-VALUES.tsv");
        assumeTrue(Files.exists(expected), "corpus EXPECTED-VALUES.tsv missing");
        try (var lines = Files.lines(expected)) {
            return lines.map(l -> l.split("\t")).filter(f -> f.length >= 5 && f[0].contains("chrome") && f[3].equals("ja4") && f[4].startsWith("t"))
                    .map(f -> f[4].substring(0, 23)).collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyProfileParsesAndOffersWhatItDeclares() {
        for (BrowserProfile p : BrowserProfile.values()) {
            ClientHelloWriter.Hello h = ClientHelloWriter.write(p, "update.example.net", new SplittableRandom(p.ordinal()));
            ClientHello ch = parse(h);
            assertThat(ch.sni()).as(p.name()).isEqualTo("update.example.net");
            assertThat(ch.alpn()).as(p.name()).containsExactly(p.spec().alpn());
            assertThat(p.userAgent()).isNotBlank();
            String ja4 = JA4.of(ch, 't');
            assertThat(ja4).as(p.name()).startsWith(p.offersTls13() ? "t13d" : "t12d");
            if (p.spec().alpn().length == 0) assertThat(ja4.substring(8, 10)).isEqualTo("00");
            // padding lifts a hello of 256–511 bytes to 512; no padded hello is left in that range
            int len = h.message().length;
            if (p.spec().pads()) assertThat(len <= 0xff || len >= 0x200).as(p + " " + len).isTrue();
        }
    }

    @Test
    void profilesAreDistinguishable() {
        Set<String> ja4 = new HashSet<>();
        for (BrowserProfile p : List.of(BrowserProfile.CHROME, BrowserProfile.FIREFOX, BrowserProfile.SAFARI,
                BrowserProfile.WINDOWS_SYSTEM, BrowserProfile.CURL, BrowserProfile.GO_IMPLANT)) {
            ja4.add(JA4.of(parse(ClientHelloWriter.write(p, "x.example", new SplittableRandom(1))), 't'));
        }
        assertThat(ja4).hasSize(6);
        // Edge is Chrome's network stack; only the User-Agent tells them apart
        assertThat(JA4.of(parse(ClientHelloWriter.write(BrowserProfile.EDGE, "x.example", new SplittableRandom(1))), 't'))
                .isEqualTo(JA4.of(parse(ClientHelloWriter.write(BrowserProfile.CHROME, "x.example", new SplittableRandom(2))), 't'));
        assertThat(BrowserProfile.EDGE.userAgent()).isNotEqualTo(BrowserProfile.CHROME.userAgent()).contains("Edg/");
    }
}
