package dev.vigil.detect.behavior.event;

/**
 * One ARP request or reply on the local link: the sender's addresses and the address asked for (a
 * request) or answered (a reply). A LAN sweep shows only here: hosts that do not exist never get an IP
 * packet, only an unanswered "who has".
 */
public record ArpMessage(long tsNanos, String src, String srcMac, String dst, boolean reply) implements NetworkEvent {
    @Override
    public int srcPort() { return 0; }

    @Override
    public int dstPort() { return 0; }
}
