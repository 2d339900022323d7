package dev.vigil.detect.rules;

import java.util.Set;

/**
 * The part of a rule before its options: action, protocol, source, direction, destination.
 * {@code bidirectional} for {@code <>}.
 */
public record RuleHeader(String action, String protocol, AddressGroup src, PortGroup srcPorts, boolean bidirectional,
                         AddressGroup dst, PortGroup dstPorts) {

    static final Set<String> ACTIONS = Set.of("alert", "drop", "pass", "reject", "rejectsrc", "rejectdst", "rejectboth");

    /** Transport protocols and the app-layer protocols Suricata accepts in a header. */
    static final Set<String> PROTOCOLS = Set.of("ip", "tcp", "udp", "icmp", "icmpv4", "icmpv6", "sctp", "pkthdr",
            "tcp-pkt", "tcp-stream", "http", "http1", "http2", "tls", "ssl", "dns", "ssh", "smb", "ftp", "ftp-data", "smtp",
            "dhcp", "quic", "dcerpc", "nfs", "krb5", "snmp", "sip", "rdp", "dnp3", "modbus", "enip", "ike", "mqtt", "rfb",
            "imap", "pop3", "ntp", "tftp", "pgsql", "bittorrent-dht", "websocket", "ldap", "telnet", "socks");

    static RuleHeader parse(String text, RuleVars vars) throws RuleException {
        return parse(text, vars, Dialect.SURICATA);
    }

    static RuleHeader parse(String text, RuleVars vars, Dialect dialect) throws RuleException {
        String[] t = tokens(text);
        if (dialect == Dialect.SNORT3 && t.length == 2) {
            // a Snort 3 service rule: "alert http (...)", any address and port either way
            t = new String[] {t[0], t[1], "any", "any", "<>", "any", "any"};
        }
        if (dialect == Dialect.SNORT3 && t.length > 0 && t[0].equals("block")) t[0] = "drop";
        if (t.length != 7) throw new RuleException(null, "header needs 7 parts (action proto src sport dir dst dport), found " + t.length + ": " + text);
        String action = t[0];
        if (!ACTIONS.contains(action)) throw new RuleException(null, "unknown action " + action);
        String proto = t[1].toLowerCase(java.util.Locale.ROOT);
        if (!PROTOCOLS.contains(proto)) throw new RuleException(null, "unsupported protocol " + t[1]);
        boolean bidi;
        switch (t[4]) {
            case "->" -> bidi = false;
            case "<>" -> bidi = true;
            default -> throw new RuleException(null, "unsupported direction " + t[4]);
        }
        return new RuleHeader(action, proto, AddressGroup.parse(t[2], vars), PortGroup.parse(t[3], vars), bidi,
                AddressGroup.parse(t[5], vars), PortGroup.parse(t[6], vars));
    }

    /** Whitespace-separated parts, a bracketed group (which may hold spaces) kept whole. */
    private static String[] tokens(String text) throws RuleException {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') depth++;
            if (c == ']') depth--;
            if (Character.isWhitespace(c) && depth == 0) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else if (!Character.isWhitespace(c)) {
                cur.append(c);
            }
        }
        if (depth != 0) throw new RuleException(null, "unbalanced brackets in header: " + text);
        if (!cur.isEmpty()) out.add(cur.toString());
        return out.toArray(new String[0]);
    }
}
