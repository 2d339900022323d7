package dev.vigil.detect.behavior.eve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.detect.behavior.event.ArpMessage;
import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.LoginAttempt;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SmbAccess;
import dev.vigil.detect.behavior.event.SshSession;
import dev.vigil.detect.behavior.event.TlsHello;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * EVE records (Vigil's or Suricata's: flow, dns v2 and v3, http, tls, quic, ssh, smb, ftp) to the
 * events the behavioural detectors read. Records of other types, and records missing what an event
 * needs, give nothing; a line that is not JSON is counted.
 */
public final class EveEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private long malformed, records;

    /** True for the event types this reader turns into events: the sensor hands on only those. */
    public static boolean wanted(String eventType) {
        return switch (eventType) {
            case "flow", "dns", "http", "tls", "quic", "ssh", "smb", "ftp", "arp" -> true;
            default -> false;
        };
    }

    /** Where events go with the time their record was written (its {@code timestamp}). */
    @FunctionalInterface
    public interface Sink {
        void accept(NetworkEvent e, long recordNanos);
    }

    public void lineWithRecordTime(byte[] buf, int off, int len, Sink out) {
        JsonNode r;
        try (JsonParser p = JSON.getFactory().createParser(buf, off, len)) {
            r = skim(p);
        } catch (IOException e) {
            malformed++;
            return;
        }
        if (r != null) recordWithTime(r, out);
    }

    /** The objects of a record the events are made from; the rest (fileinfo, email, metadata, ...) is skipped unread. */
    private static final java.util.Set<String> USED_OBJECTS = java.util.Set.of("flow", "tcp", "dns", "http", "tls", "quic", "ssh", "smb", "ftp", "arp");

    /**
     * Reads a record's top-level scalars and only the objects events are made from, stopping at once for
     * a record of a type no event comes from: a flow record's tree is a fraction of the whole.
     *
     * @return null for a record of an unused type
     */
    private static JsonNode skim(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new com.fasterxml.jackson.core.JsonParseException(p, "not an object");
        ObjectNode r = JSON.createObjectNode();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                if (USED_OBJECTS.contains(name)) r.set(name, JSON.readTree(p));
                else p.skipChildren();
            } else if (v.isNumeric()) {
                r.set(name, v == JsonToken.VALUE_NUMBER_INT ? r.numberNode(p.getLongValue()) : r.numberNode(p.getDoubleValue()));
            } else if (v == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (name.equals("event_type") && !wanted(text)) return null;
                r.put(name, text);
            } else if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                r.put(name, v == JsonToken.VALUE_TRUE);
            }
        }
        if (t != JsonToken.END_OBJECT) throw new com.fasterxml.jackson.core.JsonParseException(p, "unterminated record");
        return r;
    }

    public void line(byte[] buf, int off, int len, Consumer<NetworkEvent> out) {
        lineWithRecordTime(buf, off, len, (e, t) -> out.accept(e));
    }

    public void line(String line, Consumer<NetworkEvent> out) {
        lineWithRecordTime(line, (e, t) -> out.accept(e));
    }

    public void lineWithRecordTime(String line, Sink out) {
        JsonNode r;
        try {
            r = JSON.readTree(line);
        } catch (IOException e) {
            malformed++;
            return;
        }
        recordWithTime(r, out);
    }

    public void record(JsonNode r, Consumer<NetworkEvent> out) {
        recordWithTime(r, (e, t) -> out.accept(e));
    }

    public void recordWithTime(JsonNode r, Sink sink) {
        if (r == null || !r.isObject()) {
            malformed++;
            return;
        }
        String type = r.path("event_type").asText("");
        if (!wanted(type)) return;
        String src = r.path("src_ip").asText(null), dst = r.path("dest_ip").asText(null);
        if (src == null || dst == null) return;
        long ts;
        try {
            ts = EveTimestamp.parseNanos(r.path("timestamp").asText(""));
        } catch (IllegalArgumentException e) {
            malformed++;
            return;
        }
        records++;
        long written = ts;
        Consumer<NetworkEvent> out = e -> sink.accept(e, written);
        int sp = r.path("src_port").asInt(0), dp = r.path("dest_port").asInt(0);
        switch (type) {
            case "flow" -> flow(r, ts, src, sp, dst, dp, out);
            case "dns" -> dns(r, ts, src, sp, dst, dp, out);
            case "http" -> http(r, ts, src, sp, dst, dp, out);
            case "tls" -> {
                JsonNode t = r.path("tls");
                out.accept(new TlsHello(ts, src, sp, dst, dp, text(t, "sni"), text(t.path("ja3"), "hash"), text(t, "ja4"), text(t, "version")));
            }
            case "quic" -> {
                JsonNode q = r.path("quic");
                out.accept(new TlsHello(ts, src, sp, dst, dp, text(q, "sni"), text(q.path("ja3"), "hash"), text(q, "ja4"), text(q, "version")));
            }
            case "ssh" -> {
                JsonNode s = r.path("ssh");
                out.accept(new SshSession(ts, src, sp, dst, dp, text(s.path("client"), "software_version"),
                        text(s.path("server"), "software_version"), null, -1));
            }
            case "smb" -> smb(r, ts, src, sp, dst, dp, out);
            case "ftp" -> ftp(r, ts, src, sp, dst, dp, out);
            case "arp" -> {
                JsonNode a = r.path("arp");
                String op = a.path("opcode").asText("");
                if (op.equals("request") || op.equals("reply")) out.accept(new ArpMessage(ts, src, text(a, "src_mac"), dst, op.equals("reply")));
            }
            default -> { }
        }
    }

    private static void flow(JsonNode r, long ts, String src, int sp, String dst, int dp, Consumer<NetworkEvent> out) {
        JsonNode f = r.path("flow");
        long start, end;
        try {
            start = f.hasNonNull("start") ? EveTimestamp.parseNanos(f.path("start").asText()) : ts;
            end = f.hasNonNull("end") ? EveTimestamp.parseNanos(f.path("end").asText()) : start;
        } catch (IllegalArgumentException e) {
            start = end = ts;
        }
        String proto = r.path("proto").asText("").toLowerCase(Locale.ROOT);
        long pktsOut = f.path("pkts_toserver").asLong(0), pktsIn = f.path("pkts_toclient").asLong(0);
        ConnState state;
        if (pktsIn == 0) {
            state = ConnState.UNANSWERED;
        } else if (proto.equals("tcp")) {
            int tc = hex(r.path("tcp").path("tcp_flags_tc").asText(null));
            if ((tc & 0x04) != 0 && (tc & 0x02) == 0) state = ConnState.REJECTED;
            else if ((tc & 0x12) == 0x12) state = ConnState.ESTABLISHED;
            else state = ConnState.OTHER;
        } else {
            state = ConnState.ESTABLISHED;
        }
        out.accept(new Connection(start, Math.max(0, end - start), src, sp, dst, dp, proto, text(r, "app_proto"),
                f.path("bytes_toserver").asLong(0), f.path("bytes_toclient").asLong(0), pktsOut, pktsIn, state, false));
    }

    private static void dns(JsonNode r, long ts, String src, int sp, String dst, int dp, Consumer<NetworkEvent> out) {
        JsonNode d = r.path("dns");
        String type = d.path("type").asText("");
        boolean response = type.equals("response") || type.equals("answer");
        // a response travels server -> client: the event's source is the client that asked
        String client = response ? dst : src, server = response ? src : dst;
        int cport = response ? dp : sp, sport = response ? sp : dp;
        String rcode = response ? text(d, "rcode") : null;
        int answers = d.path("answers").isArray() ? d.path("answers").size() : 0;
        if (d.has("queries")) {
            for (JsonNode q : d.path("queries")) {
                String name = text(q, "rrname");
                if (name != null) out.accept(new DnsLookup(ts, client, cport, server, sport, name, text(q, "rrtype"), response, rcode, answers, 0));
            }
        } else if (d.has("rrname")) {
            // Suricata 7 (v2): one record per query, answers grouped
            if (response && d.has("grouped")) {
                answers = 0;
                for (JsonNode g : d.path("grouped")) answers += g.isArray() ? g.size() : 1;
            }
            out.accept(new DnsLookup(ts, client, cport, server, sport, text(d, "rrname"), text(d, "rrtype"), response, rcode, answers, 0));
        }
    }

    private static void http(JsonNode r, long ts, String src, int sp, String dst, int dp, Consumer<NetworkEvent> out) {
        JsonNode h = r.path("http");
        out.accept(new HttpExchange(ts, src, sp, dst, dp, text(h, "hostname"), text(h, "http_method"), text(h, "url"),
                text(h, "http_user_agent"), h.path("status").asInt(-1), h.path("request_body_len").asLong(0),
                h.path("length").asLong(h.path("response_body_len").asLong(0)), text(h, "http_content_type"), null));
    }

    private static void smb(JsonNode r, long ts, String src, int sp, String dst, int dp, Consumer<NetworkEvent> out) {
        JsonNode s = r.path("smb");
        String command = text(s, "command");
        if (command == null) return;
        if (command.startsWith("SMB2_COMMAND_")) command = command.substring(13);
        else if (command.startsWith("SMB1_COMMAND_")) command = command.substring(13);
        String status = text(s, "status");
        String share = text(s, "share");
        if (share == null) share = text(s, "named_pipe");
        JsonNode n = s.path("ntlmssp");
        String user = text(n, "user"), domain = text(n, "domain"), host = text(n, "host");
        out.accept(new SmbAccess(ts, src, sp, dst, dp, command, status, share, text(s, "filename"), text(s, "disposition"), user, domain, host));
        if (command.equals("SESSION_SETUP") && status != null && !status.equals("STATUS_MORE_PROCESSING_REQUIRED")) {
            out.accept(new LoginAttempt(ts, src, sp, dst, dp, "smb", user, status.equals("STATUS_SUCCESS")));
        }
    }

    private static void ftp(JsonNode r, long ts, String src, int sp, String dst, int dp, Consumer<NetworkEvent> out) {
        JsonNode f = r.path("ftp");
        if (!"PASS".equalsIgnoreCase(f.path("command").asText(""))) return;
        for (JsonNode c : f.path("completion_code")) {
            String code = c.asText("");
            if (code.startsWith("230")) { out.accept(new LoginAttempt(ts, src, sp, dst, dp, "ftp", null, true)); return; }
            if (code.startsWith("530")) { out.accept(new LoginAttempt(ts, src, sp, dst, dp, "ftp", null, false)); return; }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
    }

    private static int hex(String s) {
        if (s == null) return 0;
        try {
            return Integer.parseInt(s, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public long malformed() { return malformed; }

    public long records() { return records; }
}
