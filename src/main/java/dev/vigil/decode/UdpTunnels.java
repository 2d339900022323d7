package dev.vigil.decode;

/** VXLAN, Geneve and Teredo over UDP. PLACEHOLDER until the decode work item fills it in. */
final class UdpTunnels {
    private UdpTunnels() {}
    static void decode(Decoder d, Packet p, long off, long end) {}
}
