package dev.vigil.decode;

/** PPPoE session stage. PLACEHOLDER until the decode work item fills it in. */
final class Pppoe {
    private Pppoe() {}
    static void decodeSession(Decoder d, Packet p, long off, long end) { d.count(Layer.PPPOE); }
}
