package dev.vigil.decode;

/** Linux "cooked" capture v1 (16-byte header, protocol at offset 14). */
final class Sll {
    private Sll() {}

    static void decode(Decoder d, Packet p, long off, long end) {
        d.count(Layer.SLL);
        if (end - off < 16) {
            d.event(DecoderEvent.SLL_PKT_TOO_SMALL);
            return;
        }
        d.decodeEtherType(p, p.u16(off + 14), off + 16, end);
    }
}
