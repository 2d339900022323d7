package dev.vigil.decode;

/** Internet checksum validation for IPv4 headers and TCP/UDP/ICMP. PLACEHOLDER until the decode work item. */
public final class Checksums {
    private Checksums() {}

    /** True when the IPv4 header checksum of {@code p} is right (or {@code p} is not IPv4). */
    public static boolean ipv4HeaderOk(Packet p) { return true; }

    /** True when the transport checksum of {@code p} is right, absent (UDP 0 over IPv4), or not checkable. */
    public static boolean transportOk(Packet p) { return true; }
}
