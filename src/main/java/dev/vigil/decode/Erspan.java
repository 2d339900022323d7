package dev.vigil.decode;

/** ERSPAN. PLACEHOLDER until the decode work item fills it in. */
final class Erspan {
    private Erspan() {}
    static void decode(Decoder d, Packet p, long off, long end, int etherType) { d.count(Layer.ERSPAN); }
}
