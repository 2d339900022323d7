package dev.vigil.fuzz;

import dev.vigil.applayer.AppParser;

/**
 * The input format of the single-parser fuzz targets: chunks of a 2-byte header (control, length) and up
 * to 255 bytes. Control bit 0: to the server; bit 1: a gap of that length instead of bytes.
 */
final class ParserChunks {
    private ParserChunks() {}

    /** Feeds every chunk of {@code input} from {@code from} on to {@code p} until it is done, then closes it. */
    static void feed(AppParser p, byte[] input, int from) {
        int pos = from;
        while (input.length - pos >= 2 && !p.done()) {
            int ctl = input[pos] & 0xFF;
            int len = Math.min(input[pos + 1] & 0xFF, input.length - pos - 2);
            boolean toServer = (ctl & 1) != 0;
            if ((ctl & 2) != 0) p.onGap(toServer, len);
            else p.onData(toServer, input, pos + 2, len);
            pos += 2 + len;
        }
        p.onClose();
    }
}
