package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.decode.DecoderEvent;
import dev.vigil.decode.Packet;
import java.io.IOException;

/** The {@code anomaly} EVE record for a decoder event, in Suricata's layout. */
public final class AnomalyRecord {
    private AnomalyRecord() {}

    /** {@code p} is the packet whose decoding raised the event (addresses are written when it has them). */
    public static void write(EveWriter w, Packet p, DecoderEvent event) throws IOException {
        if (!w.types().enabled("anomaly")) return;
        JsonGenerator g = w.begin(p.frame.tsNanos, "anomaly");
        g.writeStringField("event_type", "anomaly");
        if (p.ipVersion != 0) {
            g.writeStringField("src_ip", IpFormat.format(p.ipVersion, p.srcHi, p.srcLo));
            if (p.isTcp() || p.isUdp()) g.writeNumberField("src_port", p.srcPort);
            g.writeStringField("dest_ip", IpFormat.format(p.ipVersion, p.dstHi, p.dstLo));
            if (p.isTcp() || p.isUdp()) g.writeNumberField("dest_port", p.dstPort);
            if (p.proto >= 0) g.writeStringField("proto", ProtoNames.of(p.proto));
        }
        g.writeNumberField("pcap_cnt", p.frame.number);
        g.writeObjectFieldStart("anomaly");
        g.writeStringField("type", "decode");
        g.writeStringField("event", "decoder." + event.suricataName());
        g.writeEndObject();
        w.end();
    }
}
