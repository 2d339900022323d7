package dev.vigil.fuzz;

import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What any reader must guarantee on any input, checked record by record: it never throws, every
 * frame lies inside the buffer, lengths are sane, record numbers count up, and the read makes
 * progress so it ends. A violation is thrown as an AssertionError, which the fuzzer reports.
 */
final class ReaderInvariants {
    private ReaderInvariants() {}

    static void drain(PacketSource src, MemorySegment seg) {
        Frame f = new Frame();
        long lastPos = src.position();
        long records = 0;
        try {
            while (src.next(f)) {
                records++;
                check(f.data == seg, "frame outside the input buffer");
                check(f.capLen >= 0 && f.offset >= 0 && f.offset + f.capLen <= seg.byteSize(),
                        "frame [" + f.offset + ", +" + f.capLen + ") beyond " + seg.byteSize() + " bytes");
                check(f.wireLen >= f.capLen, "wire length " + f.wireLen + " < captured " + f.capLen);
                check(f.number == records, "record number " + f.number + " for record " + records);
                check(f.interfaceId >= 0, "negative interface id");
                long pos = src.position();
                check(pos > lastPos && pos <= src.size(), "no progress: position " + lastPos + " -> " + pos);
                lastPos = pos;
                if (f.capLen > 0) {
                    // touch both ends: a view beyond the buffer fails here, not downstream
                    f.data.get(ValueLayout.JAVA_BYTE, f.offset);
                    f.data.get(ValueLayout.JAVA_BYTE, f.offset + f.capLen - 1);
                }
            }
            check(!src.next(f), "a finished reader produced another record");
            check(src.problems().size() <= 101, "unbounded problem list");
        } catch (IOException e) {
            throw new AssertionError("next() threw", e);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }
}
