package dev.vigil.applayer.dns;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;

/**
 * One dns record in Suricata 7's default layout (eve dns {@code version: 2}): a request gives one
 * "query" record per question, a response one "answer" record (detailed and grouped). Both are logged
 * in the flow's direction, so an answer's src_ip is the client, as Suricata 7 does.
 */
final class DnsV2Record implements AppRecord {
    private final DnsMessage m;
    private final long txId;
    /** For a query record: which question; -1 for an answer record. */
    private final int question;
    private final DnsLogFilter filter;

    private DnsV2Record(DnsMessage m, long txId, int question, DnsLogFilter filter) {
        this.m = m;
        this.txId = txId;
        this.question = question;
        this.filter = filter;
    }

    static DnsV2Record query(DnsMessage m, long txId, int question) {
        return new DnsV2Record(m, txId, question, DnsLogFilter.ALL);
    }

    static DnsV2Record answer(DnsMessage m, long txId) {
        return answer(m, txId, DnsLogFilter.ALL);
    }

    /** An answer record whose answers are written in the formats {@code filter} keeps. */
    static DnsV2Record answer(DnsMessage m, long txId, DnsLogFilter filter) {
        return new DnsV2Record(m, txId, -1, filter);
    }

    @Override public String eventType() { return "dns"; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("dns");
        if (question >= 0) {
            DnsMessage.Question q = m.questions.get(question);
            g.writeStringField("type", "query");
            g.writeNumberField("id", m.id);
            g.writeStringField("rrname", EveText.of(q.name()));
            if (q.nameTruncated()) g.writeBooleanField("rrname_truncated", true);
            g.writeStringField("rrtype", RrTypes.name(q.type()));
            g.writeNumberField("tx_id", txId);
            if ((m.flags & 0x0040) != 0) g.writeBooleanField("z", true);
            g.writeNumberField("opcode", m.opcode());
        } else {
            g.writeNumberField("version", 2);
            g.writeStringField("type", "answer");
            g.writeNumberField("id", m.id);
            DnsEve.flags(g, m.flags);
            DnsMessage.Question q = m.questions.getFirst();
            g.writeStringField("rrname", EveText.of(q.name()));
            if (q.nameTruncated()) g.writeBooleanField("rrname_truncated", true);
            g.writeStringField("rrtype", RrTypes.name(q.type()));
            g.writeStringField("rcode", RrTypes.rcode(m.flags));
            DnsEve.answers(g, m.answers, filter.detailed, filter.grouped);
            DnsEve.section(g, "authorities", m.authorities);
            DnsEve.section(g, "additionals", m.additionals);
        }
        g.writeEndObject();
    }
}
