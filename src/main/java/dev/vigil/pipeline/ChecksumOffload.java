package dev.vigil.pipeline;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.decode.Checksums;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.Defragmenter;
import dev.vigil.decode.Packet;
import java.io.IOException;

/**
 * Suricata's {@code checksum-checks: auto} for capture files: a capture taken on a host whose NIC
 * computes checksums (offloading) has wrong TCP/UDP checksums in most packets it sent, and validating
 * them would drop those packets from reassembly and parsing. Suricata decides after its first 1,000
 * packets (validating them meanwhile); Vigil looks at the same sample before it starts, so every packet
 * of the file is treated alike and the result does not depend on the number of workers.
 */
final class ChecksumOffload {
    private ChecksumOffload() {}

    /** Packets sampled from the start of the file. */
    static final int SAMPLE = 1000;

    /** True when more than 10% of the TCP/UDP checksums in the sample are wrong (Suricata's ratio). */
    static boolean detected(CaptureFile file) {
        Decoder decoder = new Decoder(new Defragmenter(1 << 20));
        Frame frame = new Frame();
        long checked = 0, invalid = 0;
        try (PacketSource src = file.cursor()) {
            for (int n = 0; n < SAMPLE && src.next(frame); n++) {
                try {
                    decoder.decode(frame);
                } catch (RuntimeException e) {
                    continue;
                }
                for (int i = 0, k = decoder.leafCount(); i < k; i++) {
                    Packet p = decoder.leaf(i);
                    if (!(p.isTcp() || p.isUdp()) || p.reassembled) continue;
                    checked++;
                    if (!Checksums.transportOk(p)) invalid++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return checked > 0 && invalid * 10 > checked;
    }
}
