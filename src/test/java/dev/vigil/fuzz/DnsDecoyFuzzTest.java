package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.deception.decoy.dns.CanaryZone;
import java.net.InetAddress;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Coverage-guided fuzzing of the canary DNS responder's answer to one datagram (what any host on the
 * network can send it). An input is [1 byte: bit 0 picks UDP or TCP framing limits][datagram]. Must hold:
 * nothing escapes; a datagram shorter than a header, or one with QR set, gets no response; any response
 * parses, is a response (QR), carries the query's id, fits the size limit (512 bytes, or up to 1232 with
 * EDNS, on UDP), and answers at most a handful of records (no amplification).
 */
class DnsDecoyFuzzTest {
    private static final CanaryZone ZONE;

    static {
        try {
            ZONE = new CanaryZone("canary.vigil.example.", InetAddress.getByName("192.0.2.80"), InetAddress.getByName("2001:db8::80"), 30);
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Stream<Arguments> seeds() throws Exception {
        Message a = Message.newQuery(Record.newRecord(Name.fromString("abc.k3x9q2.canary.vigil.example."), Type.A, DClass.IN));
        Message soa = Message.newQuery(Record.newRecord(Name.fromString("canary.vigil.example."), Type.SOA, DClass.IN));
        Message edns = Message.newQuery(Record.newRecord(Name.fromString("canary.vigil.example."), Type.NS, DClass.IN));
        edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message out = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.ANY, DClass.IN));
        return Stream.of(prefixed(0, a.toWire()), prefixed(1, soa.toWire()), prefixed(0, edns.toWire()), prefixed(0, out.toWire()),
                prefixed(0, new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'e', 'x'})).map(b -> Arguments.of((Object) b));
    }

    private static byte[] prefixed(int mode, byte[] wire) {
        byte[] b = new byte[wire.length + 1];
        b[0] = (byte) mode;
        System.arraycopy(wire, 0, b, 1, wire.length);
        return b;
    }

    @MethodSource("seeds")
    @FuzzTest
    void answer(byte[] input) throws Exception {
        if (input.length == 0) return;
        boolean udp = (input[0] & 1) == 0;
        byte[] datagram = java.util.Arrays.copyOfRange(input, 1, input.length);
        CanaryZone.Answer a = ZONE.answer(datagram, datagram.length, udp);
        if (a == null) throw new IllegalStateException("null answer");
        boolean noHeader = datagram.length < 12;
        boolean isResponse = !noHeader && (datagram[2] & 0x80) != 0;
        if (noHeader || isResponse) {
            if (a.response() != null) throw new IllegalStateException("answered what must be dropped");
            return;
        }
        if (a.response() == null) throw new IllegalStateException("a query with a header got no response");
        if (udp && a.response().length > 1232) throw new IllegalStateException("UDP response of " + a.response().length + " bytes");
        Message m = new Message(a.response());
        if (!m.getHeader().getFlag(org.xbill.DNS.Flags.QR)) throw new IllegalStateException("response without QR");
        int id = (datagram[0] & 0xff) << 8 | datagram[1] & 0xff;
        if (m.getHeader().getID() != id) throw new IllegalStateException("id " + m.getHeader().getID() + " for query id " + id);
        if (m.getSection(Section.ANSWER).size() > 2) throw new IllegalStateException("amplifying answer: " + m);
        if (a.qname() != null && a.qtype() == null) throw new IllegalStateException("name without type");
    }
}
