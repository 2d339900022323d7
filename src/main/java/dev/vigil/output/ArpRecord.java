package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.decode.Arp;
import dev.vigil.decode.Packet;
import java.io.IOException;

/**
 * The {@code arp} EVE record (Suricata 8's layout; off by default there and here, a busy LAN ARPs a
 * lot): sender and target protocol addresses as {@code src_ip}/{@code dest_ip}, and the {@code arp}
 * object with hardware and protocol types, opcode and both MAC and IP addresses.
 */
public final class ArpRecord {
    private ArpRecord() {}

    public static void write(EveWriter w, Packet p, long tsNanos, long pcapCnt) throws IOException {
        if (!w.types().enabled("arp")) return;
        JsonGenerator g = w.begin(tsNanos, "arp");
        if (pcapCnt > 0) g.writeNumberField("pcap_cnt", pcapCnt);
        g.writeStringField("event_type", "arp");
        String src = ipv4(Arp.senderIp(p)), dst = ipv4(Arp.targetIp(p));
        g.writeStringField("src_ip", src);
        g.writeStringField("dest_ip", dst);
        g.writeStringField("proto", "ARP");
        g.writeObjectFieldStart("arp");
        g.writeStringField("hw_type", "ethernet");
        g.writeStringField("proto_type", "ipv4");
        int op = Arp.opcode(p);
        g.writeStringField("opcode", op == Arp.REQUEST ? "request" : op == Arp.REPLY ? "reply" : Integer.toString(op));
        g.writeStringField("src_mac", mac(Arp.senderMac(p)));
        g.writeStringField("src_ip", src);
        g.writeStringField("dest_mac", mac(Arp.targetMac(p)));
        g.writeStringField("dest_ip", dst);
        g.writeEndObject();
        w.end();
    }

    public static String ipv4(long a) {
        return (a >>> 24 & 255) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    public static String mac(long m) {
        StringBuilder b = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int v = (int) (m >>> (i * 8) & 0xFF);
            b.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
            if (i > 0) b.append(':');
        }
        return b.toString();
    }
}
