package dev.vigil.decode;

/**
 * ARP (RFC 826) over Ethernet for IPv4, the only kind a LAN sweep uses: the packet remembers where its
 * ARP header starts ({@link Packet#arpOff}) so the sensor can report who asked for whom. Other hardware
 * or protocol types and short headers are only counted.
 */
public final class Arp {
    private Arp() {}

    /** Size of an Ethernet/IPv4 ARP header: 8 fixed bytes, two MAC and two IPv4 addresses. */
    public static final int LENGTH = 28;
    public static final int REQUEST = 1, REPLY = 2;

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.ARP);
        if (end - off < LENGTH) return;
        if (p.u16(off) != 1 || p.u16(off + 2) != EtherType.IPV4 || p.u8(off + 4) != 6 || p.u8(off + 5) != 4) return;
        p.arpOff = off;
    }

    public static int opcode(Packet p) { return p.u16(p.arpOff + 6); }

    /** The sender's MAC as 48 bits. */
    public static long senderMac(Packet p) { return mac(p, p.arpOff + 8); }

    public static long senderIp(Packet p) { return p.u32(p.arpOff + 14); }

    public static long targetMac(Packet p) { return mac(p, p.arpOff + 18); }

    public static long targetIp(Packet p) { return p.u32(p.arpOff + 24); }

    private static long mac(Packet p, long off) {
        return (long) p.u16(off) << 32 | p.u32(off + 2);
    }
}
