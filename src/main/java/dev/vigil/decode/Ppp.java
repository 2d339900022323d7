package dev.vigil.decode;

/** PPP. PLACEHOLDER until the decode work item fills it in. */
final class Ppp {
    private Ppp() {}
    static void decode(Decoder d, Packet p, long off, long end) { d.count(Layer.PPP); }
}
