package dev.vigil.applayer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.applayer.Probe;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A DNS header whose section counts the message cannot hold (a bit-flipped count, as in the nDPI
 * fuzzed captures) still carries a readable question. On the DNS ports the flow is DNS and the
 * question is logged with MALFORMED_DATA; off those ports such bytes are not taken for DNS.
 */
class DnsCorruptHeaderTest {
    static byte[] message(int flags, int qd, int an, int ns, int ar, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] header = {0x7dda, flags, qd, an, ns, ar};
        for (int v : header) {
            out.write(v >> 8);
            out.write(v);
        }
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        out.write(0);
        out.writeBytes(new byte[] {0, 33, 0, 1}); // SRV, IN
        return out.toByteArray();
    }

    static Probe probe(byte[] m, int serverPort) {
        return new DnsProtocol().probe(true, m, 0, m.length, 2734, serverPort);
    }

    static RecordingContext parse(byte[] m) {
        RecordingContext ctx = new RecordingContext(17);
        new DnsParser(ctx, 3).onData(true, m, 0, m.length);
        return ctx;
    }

    @Test
    void countsTheLengthCannotHoldStillGiveTheQuestionOnDnsPorts() {
        byte[] sane = message(0x0100, 1, 0, 0, 0, "_sip._udp.sip.cybercity.dk");
        byte[] authorities227 = message(0x0100, 1, 0, 227, 0, "_sip._udp.sip.cybercity.dk");
        byte[] questions38 = message(0x0100, 38, 29441, 0, 0, "_sip._udp.sip.cybercity.dk");
        assertThat(probe(sane, 4000)).as("a sound query is DNS on any port").isEqualTo(Probe.MATCH);
        java.util.Map<byte[], String> events = java.util.Map.of(authorities227, "INVALID_AUTHORITIES", questions38, "MALFORMED_DATA");
        for (byte[] corrupt : events.keySet()) {
            assertThat(probe(corrupt, 53)).isEqualTo(Probe.MATCH);
            assertThat(probe(corrupt, 4000)).as("off the DNS ports the port cannot vouch for it").isEqualTo(Probe.NO);
            RecordingContext ctx = parse(corrupt);
            assertThat(ctx.records).hasSize(1);
            assertThat(ctx.records.getFirst().at("/dns/queries/0/rrname").asText()).isEqualTo("_sip._udp.sip.cybercity.dk");
            assertThat(ctx.anomalies).as("the section the header promised and the bytes lack").contains(events.get(corrupt));
        }
    }

    @Test
    void aZeroedQuestionCountIsReadFromTheBytesOnlyWhenExactlyOneQuestionFillsThem() {
        // qdcount 0, nscount 37, arcount 29440, then one whole question: the header lies, the bytes do not
        byte[] zeroed = message(0x0100, 0, 0, 37, 29440, "_sip._udp.sip.cybercity.dk");
        assertThat(probe(zeroed, 53)).isEqualTo(Probe.MATCH);
        RecordingContext ctx = parse(zeroed);
        assertThat(ctx.records.getFirst().at("/dns/queries/0/rrname").asText()).isEqualTo("_sip._udp.sip.cybercity.dk");
        assertThat(ctx.records.getFirst().at("/dns/queries/0/rrtype").asText()).isEqualTo("SRV");

        // one byte more than the question: not a lone question, nothing to log and not DNS
        byte[] trailing = java.util.Arrays.copyOf(zeroed, zeroed.length + 1);
        assertThat(probe(trailing, 53)).isEqualTo(Probe.NO);
        assertThat(parse(trailing).records).isEmpty();
        // counts that fit: a plain empty query is not DNS worth a flow, as before
        assertThat(probe(message(0x0100, 0, 0, 0, 0, "a.b"), 53)).isEqualTo(Probe.NO);
    }

    @Test
    void aNameWhoseTypeAndClassTheEndCutsOffIsKeptWithTypeZero() {
        // ndpi-fuzz-2006-06-26-2594 frame 600: a flipped label length swallows the terminator, one byte follows the name
        byte[] whole = message(0x0000, 1, 0, 0, 0, "1.0.0.127.in-addr.arpa");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThat(probe(cut, 53)).isEqualTo(Probe.MATCH);
        assertThat(probe(cut, 4000)).isEqualTo(Probe.NO);
        RecordingContext ctx = parse(cut);
        assertThat(ctx.records.getFirst().at("/dns/queries/0/rrname").asText()).isEqualTo("1.0.0.127.in-addr.arpa");
        assertThat(ctx.records.getFirst().at("/dns/queries/0/rrtype").asText()).isEqualTo("0");
        assertThat(ctx.anomalies).containsExactly("MALFORMED_DATA");
        // a name the end cuts inside its labels is no question at all
        assertThat(parse(java.util.Arrays.copyOf(whole, whole.length - 8)).records).isEmpty();
    }
}
