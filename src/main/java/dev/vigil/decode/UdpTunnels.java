package dev.vigil.decode;

/** VXLAN, Geneve and Teredo over UDP. PLACEHOLDER until the decode work item fills it in. */
final class UdpTunnels {
    private UdpTunnels() {}
    static void decode(Decoder d, Packet p, long off, long end) {}

    /** Ports whose UDP payload is decoded as a tunnel; {@link ShardPeek} must decline them. */
    static boolean isTunnelPort(int port) {
        return port == 4789 || port == 6081 || port == 3544;
    }
}
