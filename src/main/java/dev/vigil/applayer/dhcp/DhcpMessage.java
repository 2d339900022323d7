package dev.vigil.applayer.dhcp;

import java.util.ArrayList;
import java.util.List;

/**
 * One parsed BOOTP/DHCP message (RFC 2131, options RFC 2132): the fixed header and the options in
 * wire order, each option's value copied out of the packet.
 */
public final class DhcpMessage {
    public static final int BOOTREQUEST = 1, BOOTREPLY = 2;

    public int op;
    public long xid;
    /** chaddr's first 6 bytes, as Suricata logs the client MAC whatever hlen says. */
    public byte[] clientMac;
    public byte[] ciaddr, yiaddr, siaddr, giaddr;
    public final List<Option> options = new ArrayList<>();
    /** True when the options area ended without an END option, or an option ran past the packet. */
    public boolean truncatedOptions;

    public record Option(int code, byte[] data) {}

    /** The first option with {@code code}, or null. */
    public byte[] option(int code) {
        for (Option o : options) if (o.code() == code) return o.data();
        return null;
    }

    /** DHCP message type (option 53), or -1 for plain BOOTP. */
    public int dhcpType() {
        byte[] t = option(53);
        return t == null || t.length == 0 ? -1 : t[0] & 0xFF;
    }
}
