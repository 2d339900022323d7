package dev.vigil.decode;

/** GRE. PLACEHOLDER until the decode work item fills it in. */
final class Gre {
    private Gre() {}
    static void decode(Decoder d, Packet p, long off, long end) { d.count(Layer.GRE); }
}
