package dev.vigil.applayer.dns;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.dns.DnsMessage.Address;
import dev.vigil.applayer.dns.DnsMessage.NameData;
import dev.vigil.applayer.dns.DnsMessage.Opt;
import dev.vigil.applayer.dns.DnsMessage.OptOption;
import dev.vigil.applayer.dns.DnsMessage.Raw;
import dev.vigil.applayer.dns.DnsMessage.Rr;
import dev.vigil.applayer.dns.DnsMessage.Soa;
import dev.vigil.applayer.dns.DnsMessage.Srv;
import dev.vigil.applayer.dns.DnsMessage.Sshfp;
import dev.vigil.applayer.dns.DnsMessage.Txt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of Suricata's dns record shared by the v2 and v3 layouts: header flags, answer entries
 * ("detailed" format: one entry per record, one per string of a TXT record) and the "grouped" object
 * (rdata values by type, in the order the types first appear).
 */
final class DnsEve {
    private DnsEve() {}

    static void flags(JsonGenerator g, int flags) throws IOException {
        g.writeStringField("flags", Integer.toHexString(flags));
        if ((flags & 0x8000) != 0) g.writeBooleanField("qr", true);
        if ((flags & 0x0400) != 0) g.writeBooleanField("aa", true);
        if ((flags & 0x0200) != 0) g.writeBooleanField("tc", true);
        if ((flags & 0x0100) != 0) g.writeBooleanField("rd", true);
        if ((flags & 0x0080) != 0) g.writeBooleanField("ra", true);
        if ((flags & 0x0040) != 0) g.writeBooleanField("z", true);
        g.writeNumberField("opcode", (flags >> 11) & 0xF);
    }

    /** "answers" and "grouped". */
    static void answers(JsonGenerator g, List<Rr> answers) throws IOException {
        answers(g, answers, true, true);
    }

    /** "answers" (the detailed format) and "grouped", each only if its format is on. */
    static void answers(JsonGenerator g, List<Rr> answers, boolean detailed, boolean groupedFormat) throws IOException {
        if (answers.isEmpty()) return;
        if (detailed) {
            g.writeArrayFieldStart("answers");
            for (Rr rr : answers) entries(g, rr);
            g.writeEndArray();
        }
        if (!groupedFormat) return;
        Map<String, List<Object>> grouped = new LinkedHashMap<>();
        for (Rr rr : answers) {
            Object d = rr.data();
            if (d == null || d instanceof Opt) continue;
            List<Object> values = grouped.computeIfAbsent(RrTypes.name(rr.type()), k -> new ArrayList<>());
            if (d instanceof Txt t) values.addAll(t.strings());
            else values.add(d);
        }
        g.writeObjectFieldStart("grouped");
        for (Map.Entry<String, List<Object>> e : grouped.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (Object v : e.getValue()) groupedValue(g, v);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** "authorities" or "additionals" (OPT records without options are left out, as Suricata does). */
    static void section(JsonGenerator g, String field, List<Rr> rrs) throws IOException {
        boolean open = false;
        for (Rr rr : rrs) {
            if (rr.type() == RrTypes.OPT && (!(rr.data() instanceof Opt o) || o.options().isEmpty())) continue;
            if (!open) {
                g.writeArrayFieldStart(field);
                open = true;
            }
            entries(g, rr);
        }
        if (open) g.writeEndArray();
    }

    private static void entries(JsonGenerator g, Rr rr) throws IOException {
        if (rr.data() instanceof Txt t) {
            for (byte[] s : t.strings()) {
                head(g, rr);
                g.writeStringField("rdata", EveText.of(s));
                g.writeEndObject();
            }
            return;
        }
        head(g, rr);
        switch (rr.data()) {
            case Address a -> g.writeStringField("rdata", a.text());
            case NameData n -> {
                g.writeStringField("rdata", EveText.of(n.name()));
                if (n.truncated()) g.writeBooleanField("rdata_truncated", true);
            }
            case Raw r -> g.writeStringField("rdata", EveText.of(r.bytes()));
            case Soa s -> {
                g.writeFieldName("soa");
                soa(g, s);
            }
            case Srv s -> {
                g.writeFieldName("srv");
                srv(g, s);
            }
            case Sshfp s -> {
                g.writeFieldName("sshfp");
                sshfp(g, s);
            }
            case Opt o -> {
                g.writeArrayFieldStart("opt");
                for (OptOption op : o.options()) {
                    g.writeStartObject();
                    g.writeNumberField("code", op.code());
                    g.writeStringField("data", EveText.hex(op.data(), (char) 0));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case null, default -> { }
        }
        g.writeEndObject();
    }

    private static void head(JsonGenerator g, Rr rr) throws IOException {
        g.writeStartObject();
        g.writeStringField("rrname", EveText.of(rr.name()));
        if (rr.nameTruncated()) g.writeBooleanField("rrname_truncated", true);
        g.writeStringField("rrtype", RrTypes.name(rr.type()));
        g.writeNumberField("ttl", rr.ttl());
    }

    private static void groupedValue(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case byte[] s -> g.writeString(EveText.of(s));
            case Address a -> g.writeString(a.text());
            case NameData n -> g.writeString(EveText.of(n.name()));
            case Raw r -> g.writeString(EveText.of(r.bytes()));
            case Soa s -> soa(g, s);
            case Srv s -> srv(g, s);
            case Sshfp s -> sshfp(g, s);
            default -> g.writeNull();
        }
    }

    private static void soa(JsonGenerator g, Soa s) throws IOException {
        g.writeStartObject();
        g.writeStringField("mname", EveText.of(s.mname()));
        if (s.mnameTruncated()) g.writeBooleanField("mname_truncated", true);
        g.writeStringField("rname", EveText.of(s.rname()));
        if (s.rnameTruncated()) g.writeBooleanField("rname_truncated", true);
        g.writeNumberField("serial", s.serial());
        g.writeNumberField("refresh", s.refresh());
        g.writeNumberField("retry", s.retry());
        g.writeNumberField("expire", s.expire());
        g.writeNumberField("minimum", s.minimum());
        g.writeEndObject();
    }

    private static void srv(JsonGenerator g, Srv s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("priority", s.priority());
        g.writeNumberField("weight", s.weight());
        g.writeNumberField("port", s.port());
        g.writeStringField("name", EveText.of(s.target()));
        g.writeEndObject();
    }

    private static void sshfp(JsonGenerator g, Sshfp s) throws IOException {
        g.writeStartObject();
        g.writeStringField("fingerprint", EveText.hex(s.fingerprint(), ':'));
        g.writeNumberField("algo", s.algo());
        g.writeNumberField("type", s.fpType());
        g.writeEndObject();
    }
}
