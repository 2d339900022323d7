package dev.vigil.capture;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** Reader for pcapng files. PLACEHOLDER: implemented in the capture work item. */
public final class PcapngReader implements PacketSource {
    private final MemorySegment seg;
    private final List<String> problems = new ArrayList<>();

    public PcapngReader(MemorySegment seg) throws IOException {
        this.seg = seg;
        throw new IOException("pcapng: not implemented yet");
    }

    @Override public boolean next(Frame frame) { return false; }
    @Override public long position() { return 0; }
    @Override public long size() { return seg.byteSize(); }
    @Override public List<String> problems() { return problems; }
    @Override public void close() {}
}
