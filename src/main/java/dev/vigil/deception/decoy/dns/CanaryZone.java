package dev.vigil.deception.decoy.dns;

import java.net.InetAddress;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The canary zone's answers, without a socket: one datagram in, the response (or nothing) out. Every name in
 * the zone exists, so a canary name resolves and whatever the resolver's client does next (connect to the
 * address) comes to the decoys too; names outside the zone are REFUSED (the responder is no open resolver);
 * a query that does not parse is FORMERR when its header can be read and dropped otherwise, as is anything
 * that is not a query (a response sent to us must not start a loop). Responses fit a 512-byte datagram, or
 * the client's EDNS size up to 1232, and never grow beyond a few records, so a query buys little
 * amplification even before the rate limit.
 */
public final class CanaryZone {
    /** The largest UDP response, whatever the client's EDNS buffer claims (the DNS flag day 2020 size). */
    static final int MAX_UDP = 1232;
    private static final String TXT = "v=spf1 -all";

    private final Name zone;
    private final InetAddress v4;
    private final InetAddress v6;
    private final long ttl;
    private final SOARecord soa;
    private final NSRecord ns;
    private final Name nsName;

    /**
     * What a datagram came to: the response to send (null: send nothing) and, when the question could be read,
     * its name (no trailing dot) and type for the record.
     */
    public record Answer(byte[] response, String qname, String qtype, int rcode) {}

    public CanaryZone(String zone, InetAddress v4, InetAddress v6, long ttl) {
        try {
            this.zone = Name.fromString(zone.endsWith(".") ? zone : zone + ".");
            this.nsName = Name.fromString("ns1", this.zone);
            Name admin = Name.fromString("hostmaster", this.zone);
            long serial = Long.parseLong(LocalDate.now(ZoneOffset.UTC).toString().replace("-", "")) * 100 + 1;
            this.soa = new SOARecord(this.zone, DClass.IN, ttl, nsName, admin, serial, 3600, 600, 604_800, ttl);
            this.ns = new NSRecord(this.zone, DClass.IN, ttl, nsName);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS zone name: " + zone, e);
        }
        this.v4 = v4;
        this.v6 = v6;
        this.ttl = ttl;
    }

    public Name zone() { return zone; }

    /** The answer to one datagram of {@code length} bytes; never throws. {@code udp} limits the response size. */
    public Answer answer(byte[] datagram, int length, boolean udp) {
        if (length < Header.LENGTH) return new Answer(null, null, null, -1);
        byte[] bytes = length == datagram.length ? datagram : java.util.Arrays.copyOf(datagram, length);
        int id = (bytes[0] & 0xff) << 8 | bytes[1] & 0xff;
        boolean qr = (bytes[2] & 0x80) != 0;
        int opcode = (bytes[2] >> 3) & 0xf;
        if (qr) return new Answer(null, null, null, -1);
        Message query;
        try {
            query = new Message(bytes);
        } catch (Exception | StackOverflowError e) {
            return new Answer(error(id, opcode, Rcode.FORMERR, (bytes[2] & 1) != 0), null, null, Rcode.FORMERR);
        }
        try {
            return answer(query, id, opcode, udp);
        } catch (RuntimeException e) {
            // a parsed message this code did not foresee: still an answer, never an escape
            return new Answer(error(id, opcode, Rcode.SERVFAIL, query.getHeader().getFlag(Flags.RD)), null, null, Rcode.SERVFAIL);
        }
    }

    private Answer answer(Message query, int id, int opcode, boolean udp) {
        boolean rd = query.getHeader().getFlag(Flags.RD);
        List<Record> questions = query.getSection(Section.QUESTION);
        if (opcode != Opcode.QUERY) return new Answer(error(id, opcode, Rcode.NOTIMP, rd), null, null, Rcode.NOTIMP);
        if (questions.size() != 1) return new Answer(error(id, opcode, Rcode.FORMERR, rd), null, null, Rcode.FORMERR);
        Record q = questions.getFirst();
        Name name = q.getName();
        int type = q.getType();
        String qname = name.toString(true);
        String qtype = Type.string(type);

        Message r = new Message(id);
        Header h = r.getHeader();
        h.setFlag(Flags.QR);
        if (rd) h.setFlag(Flags.RD);
        r.addRecord(q, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        int max = 512;
        if (opt != null) {
            max = Math.clamp(opt.getPayloadSize(), 512, MAX_UDP);
            r.addRecord(new OPTRecord(MAX_UDP, 0, 0), Section.ADDITIONAL);
        }
        if (!name.subdomain(zone) || q.getDClass() != DClass.IN && q.getDClass() != DClass.ANY) {
            h.setRcode(Rcode.REFUSED);
            return new Answer(r.toWire(udp ? max : Message.MAXLENGTH), qname, qtype, Rcode.REFUSED);
        }
        h.setFlag(Flags.AA);
        boolean apex = name.equals(zone);
        boolean any = type == Type.ANY;
        int answers = 0;
        if (type == Type.A || any) {
            r.addRecord(new ARecord(name, DClass.IN, ttl, v4), Section.ANSWER);
            answers++;
        }
        if (type == Type.AAAA && v6 != null) {
            r.addRecord(new AAAARecord(name, DClass.IN, ttl, v6), Section.ANSWER);
            answers++;
        }
        if (type == Type.TXT) {
            r.addRecord(new TXTRecord(name, DClass.IN, ttl, TXT), Section.ANSWER);
            answers++;
        }
        if (apex && type == Type.SOA) {
            r.addRecord(soa, Section.ANSWER);
            answers++;
        }
        if (apex && type == Type.NS) {
            r.addRecord(ns, Section.ANSWER);
            r.addRecord(new ARecord(nsName, DClass.IN, ttl, v4), Section.ADDITIONAL);
            answers++;
        }
        // no data for this type: the SOA tells the resolver how long to remember that
        if (answers == 0) r.addRecord(soa, Section.AUTHORITY);
        return new Answer(r.toWire(udp ? max : Message.MAXLENGTH), qname, qtype, Rcode.NOERROR);
    }

    /** A response of only a header (and nothing from the query's body, which did not parse or is not answered). */
    private static byte[] error(int id, int opcode, int rcode, boolean rd) {
        Message m = new Message(id);
        m.getHeader().setFlag(Flags.QR);
        if (rd) m.getHeader().setFlag(Flags.RD);
        m.getHeader().setOpcode(opcode);
        m.getHeader().setRcode(rcode);
        return m.toWire();
    }
}
