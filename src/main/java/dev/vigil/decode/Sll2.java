package dev.vigil.decode;

/** Linux "cooked" capture v2 (20-byte header, protocol first). */
final class Sll2 {
    private Sll2() {}

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.SLL2);
        if (end - off < 20) {
            d.event(DecoderEvent.SLL2_PKT_TOO_SMALL);
            return;
        }
        d.decodeEtherType(p, p.u16(off), off + 20, end);
    }
}
