package dev.vigil.applayer.tls;

/**
 * Walks a hello's extensions block (RFC 8446 4.2: a 16-bit type and a 16-bit length per extension), for
 * the ClientHello and the ServerHello parsers alike: the types in wire order, each extension's data handed
 * to a visitor.
 */
final class TlsExtensions {
    private TlsExtensions() {}

    /** One extension's data is {@code b[start, end)}. */
    @FunctionalInterface
    interface Visitor {
        void extension(int type, byte[] b, int start, int end);
    }

    /**
     * The types of the extensions in {@code b[p, end)}, visiting each. An extension running past the block
     * makes the block malformed (null, nothing visited), unless {@code truncatedLastEnds}: then the block ends
     * before it, as tshark reads a hello cut short.
     */
    static int[] walk(byte[] b, int p, int end, boolean truncatedLastEnds, Visitor visitor) {
        int count = 0;
        for (int q = p; q < end; ) {
            int l = q + 4 > end ? -1 : TlsExt.u16(b, q + 2);
            if (l < 0 || q + 4 + l > end) {
                if (!truncatedLastEnds) return null;
                end = q;
                break;
            }
            q += 4 + l;
            count++;
        }
        int[] types = new int[count];
        int i = 0;
        while (p < end) {
            int type = TlsExt.u16(b, p);
            int d = p + 4, e = d + TlsExt.u16(b, p + 2);
            types[i++] = type;
            visitor.extension(type, b, d, e);
            p = e;
        }
        return types;
    }
}
