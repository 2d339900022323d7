package dev.vigil.applayer.dhcp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;

/**
 * Suricata's dhcp record, in its "extended" form by default (every message; header addresses, times,
 * masks, routers, DNS servers and requested parameters), or its short form (ACKs only, fewer fields).
 * Logged in the packet's direction.
 */
final class DhcpRecord implements AppRecord {
    private final DhcpMessage m;
    private final boolean extended;
    private final boolean fromServer;

    DhcpRecord(DhcpMessage m, boolean extended, boolean fromServer) {
        this.m = m;
        this.extended = extended;
        this.fromServer = fromServer;
    }

    @Override public String eventType() { return "dhcp"; }

    @Override public boolean fromServer() { return fromServer; }

    static final String[] TYPES = {null, "discover", "offer", "request", "decline", "ack", "nak", "release", "inform"};

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("dhcp");
        g.writeStringField("type", m.op == DhcpMessage.BOOTREQUEST ? "request" : m.op == DhcpMessage.BOOTREPLY ? "reply" : "<unknown>");
        g.writeNumberField("id", m.xid);
        g.writeStringField("client_mac", hex(m.clientMac, 0));
        g.writeStringField("assigned_ip", addr(m.yiaddr));
        if (extended) {
            g.writeStringField("client_ip", addr(m.ciaddr));
            if (m.op == DhcpMessage.BOOTREPLY) {
                g.writeStringField("relay_ip", addr(m.giaddr));
                g.writeStringField("next_server_ip", addr(m.siaddr));
            }
        }
        for (DhcpMessage.Option o : m.options) {
            byte[] d = o.data();
            switch (o.code()) {
                case 61 -> { if (d.length >= 1) g.writeStringField("client_id", hex(d, 1)); }
                case 51 -> { if (extended && d.length == 4) g.writeNumberField("lease_time", DhcpMessageParser.u32(d, 0)); }
                case 59 -> { if (extended && d.length == 4) g.writeNumberField("rebinding_time", DhcpMessageParser.u32(d, 0)); }
                case 58 -> { if (d.length == 4) g.writeNumberField("renewal_time", DhcpMessageParser.u32(d, 0)); }
                case 1 -> { if (extended) g.writeStringField("subnet_mask", addr(d)); }
                case 12 -> { if (d.length > 0) g.writeStringField("hostname", dev.vigil.applayer.dns.EveText.of(d)); }
                case 53 -> {
                    if (d.length > 0) {
                        int t = d[0] & 0xFF;
                        g.writeStringField("dhcp_type", t < TYPES.length && TYPES[t] != null ? TYPES[t] : "unknown");
                    }
                }
                case 50 -> { if (extended) g.writeStringField("requested_ip", addr(d)); }
                case 55 -> { if (extended) params(g, d); }
                case 6 -> { if (extended) addrs(g, "dns_servers", d); }
                case 3 -> { if (extended) addrs(g, "routers", d); }
                default -> { }
            }
        }
        g.writeEndObject();
    }

    private static void params(JsonGenerator g, byte[] d) throws IOException {
        g.writeArrayFieldStart("params");
        for (byte b : d) {
            String name = switch (b & 0xFF) {
                case 1 -> "subnet_mask";
                case 3 -> "router";
                case 6 -> "dns_server";
                case 15 -> "domain";
                case 35 -> "arp_timeout";
                case 42 -> "ntp_server";
                case 66 -> "tftp_server_name";
                case 150 -> "tftp_server_ip";
                default -> null;
            };
            if (name != null) g.writeString(name);
        }
        g.writeEndArray();
    }

    private static void addrs(JsonGenerator g, String field, byte[] d) throws IOException {
        g.writeArrayFieldStart(field);
        for (int i = 0; i + 4 <= d.length; i += 4) g.writeString(addr4(d, i));
        g.writeEndArray();
    }

    /** An address as Suricata prints one: dotted quad for 4 bytes, empty for any other length. */
    static String addr(byte[] d) {
        return d.length == 4 ? addr4(d, 0) : "";
    }

    private static String addr4(byte[] d, int i) {
        return (d[i] & 0xFF) + "." + (d[i + 1] & 0xFF) + "." + (d[i + 2] & 0xFF) + "." + (d[i + 3] & 0xFF);
    }

    static String hex(byte[] d, int from) {
        StringBuilder sb = new StringBuilder(Math.max(0, d.length - from) * 3);
        for (int i = from; i < d.length; i++) {
            if (i > from) sb.append(':');
            sb.append(Character.forDigit((d[i] >> 4) & 15, 16)).append(Character.forDigit(d[i] & 15, 16));
        }
        return sb.toString();
    }
}
