package dev.vigil.decode;

/** MPLS label stack. PLACEHOLDER until the decode work item fills it in. */
final class Mpls {
    private Mpls() {}
    static void decode(Decoder d, Packet p, long off, long end) { d.count(Layer.MPLS); }
}
