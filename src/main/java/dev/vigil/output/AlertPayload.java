package dev.vigil.output;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * What an alert record says about the data that matched, as Suricata's alert output writes it: the
 * {@code payload} (base64) and {@code payload_printable} of the packet, or of the stream for a stream
 * match (then {@code stream} is 1), the {@code packet} as captured with its {@code packet_info}, and
 * {@code pkt_src}, where the packet came from. One reusable instance per worker, refilled per alert.
 */
public final class AlertPayload {
    /** Suricata's names for where a packet came from. */
    public static final String WIRE = "wire/pcap", DEFRAG = "defrag", FLOW_TIMEOUT = "stream (flow timeout)",
            GRE = "gre tunnel", IPV4_TUNNEL = "ipv4 tunnel", IPV6_TUNNEL = "ipv6 tunnel", TEREDO = "teredo tunnel",
            VXLAN = "vxlan encapsulation", GENEVE = "geneve encapsulation";

    /** The eve-log alert options ({@code payload}, {@code payload-printable}, {@code packet}, {@code payload-buffer-size}). */
    public record Options(boolean payload, boolean printable, boolean packet, int bufferSize) {
        public static final Options NONE = new Options(false, false, false, 4096);

        /** From the alert type's options of suricata.yaml, as the app-layer settings carry them ({@code alert.payload=yes}). */
        public static Options of(Map<String, String> settings) {
            return new Options(yes(settings.get("alert.payload")), yes(settings.get("alert.payload-printable")),
                    yes(settings.get("alert.packet")), size(settings.get("alert.payload-buffer-size")));
        }

        private static boolean yes(String v) {
            return v != null && switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "yes", "true", "on", "1" -> true;
                default -> false;
            };
        }

        private static int size(String v) {
            if (v == null || v.isBlank()) return 4096;
            String s = v.trim().toLowerCase(java.util.Locale.ROOT);
            int mul = 1;
            if (s.endsWith("kb")) { mul = 1 << 10; s = s.substring(0, s.length() - 2); }
            else if (s.endsWith("mb")) { mul = 1 << 20; s = s.substring(0, s.length() - 2); }
            try {
                // bounded: a payload buffer is copied per alert
                return (int) Math.min(1 << 20, Math.max(1, Long.parseLong(s.trim()) * mul));
            } catch (NumberFormatException e) {
                return 4096;
            }
        }
    }

    public String pktSrc;
    /** The logged payload (packet payload or rendered stream), {@code payloadLen} bytes of it; null for none. */
    public byte[] payload;
    public int payloadLen;
    public boolean stream;
    /** The packet's captured bytes: {@code head} (a link header put before a reassembled datagram, may be null) then {@code body}. */
    public MemorySegment headSeg, bodySeg;
    public long headOff, bodyOff;
    public int headLen, bodyLen;
    public int linkType = -1;

    public void clear() {
        pktSrc = null;
        payload = null;
        payloadLen = 0;
        stream = false;
        headSeg = bodySeg = null;
        headLen = bodyLen = 0;
        linkType = -1;
    }

    boolean hasPacket() { return bodySeg != null; }

    byte[] packetBytes() {
        byte[] out = new byte[headLen + bodyLen];
        if (headLen > 0) MemorySegment.copy(headSeg, ValueLayout.JAVA_BYTE, headOff, out, 0, headLen);
        MemorySegment.copy(bodySeg, ValueLayout.JAVA_BYTE, bodyOff, out, headLen, bodyLen);
        return out;
    }

    /** Suricata's name of a link type in {@code packet_info}. */
    static String linkTypeName(int linkType) {
        return switch (linkType) {
            case 228 -> "IPv4";
            case 229 -> "IPv6";
            default -> dev.vigil.capture.LinkType.name(linkType);
        };
    }

    /** Suricata's printable form: printable ASCII, CR and LF kept, every other byte a dot. */
    static String printable(byte[] b, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xFF;
            sb.append(c == '\n' || c == '\r' || (c >= 32 && c < 127) ? (char) c : '.');
        }
        return sb.toString();
    }
}
