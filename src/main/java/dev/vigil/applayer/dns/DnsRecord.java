package dev.vigil.applayer.dns;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;

/**
 * One dns record in Suricata 8's default layout (eve dns {@code version: 3}): one record per message,
 * "type" request or response, logged in the direction of the packet that carried the message (a
 * response's src_ip is the server).
 */
final class DnsRecord implements AppRecord, dev.vigil.applayer.InspectionBuffers {
    private final DnsMessage m;
    private final long txId;
    private final boolean fromServer;
    private final DnsLogFilter filter;

    DnsRecord(DnsMessage m, long txId, boolean fromServer) {
        this(m, txId, fromServer, DnsLogFilter.ALL);
    }

    DnsRecord(DnsMessage m, long txId, boolean fromServer, DnsLogFilter filter) {
        this.m = m;
        this.txId = txId;
        this.fromServer = fromServer;
        this.filter = filter;
    }

    @Override public String eventType() { return "dns"; }

    @Override public String appProtocol() { return "dns"; }

    /** {@code dns.query}: each question name of a request, as Suricata inspects it (dotted, no trailing dot). */
    @Override
    public void buffers(Consumer c) {
        if (m.response()) return;
        for (DnsMessage.Question q : m.questions) c.buffer("dns.query", true, q.name());
    }

    @Override public boolean fromServer() { return fromServer; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("dns");
        g.writeNumberField("version", 3);
        g.writeStringField("type", m.response() ? "response" : "request");
        g.writeNumberField("tx_id", txId);
        g.writeNumberField("id", m.id);
        DnsEve.flags(g, m.flags);
        g.writeStringField("rcode", RrTypes.rcode(m.flags));
        if (!m.questions.isEmpty()) {
            g.writeArrayFieldStart("queries");
            for (DnsMessage.Question q : m.questions) {
                // the types option narrows the questions listed (the answers stay whole)
                if (!filter.typeEnabled(q.type())) continue;
                g.writeStartObject();
                g.writeStringField("rrname", EveText.of(q.name()));
                g.writeStringField("rrtype", RrTypes.name(q.type()));
                if (q.nameTruncated()) g.writeBooleanField("rrname_truncated", true);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        DnsEve.answers(g, m.answers, filter.detailed, filter.grouped);
        DnsEve.section(g, "authorities", m.authorities);
        DnsEve.section(g, "additionals", m.additionals);
        g.writeEndObject();
    }
}
