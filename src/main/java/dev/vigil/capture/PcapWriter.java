package dev.vigil.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes classic pcap (little-endian, microsecond or nanosecond timestamps). */
public final class PcapWriter implements AutoCloseable {
    private final OutputStream out;
    private final boolean nanos;
    private final int snapLen;
    private final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

    public PcapWriter(OutputStream out, int linkType, int snapLen, boolean nanos) throws IOException {
        this.out = out;
        this.nanos = nanos;
        this.snapLen = snapLen;
        header.putInt(nanos ? PcapReader.MAGIC_NSEC : PcapReader.MAGIC_USEC)
                .putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snapLen).putInt(linkType);
        out.write(header.array());
    }

    public PcapWriter(OutputStream out, int linkType) throws IOException {
        this(out, linkType, 262_144, false);
    }

    /** Writes one record; bytes beyond the snaplen are cut, and {@code wireLen} is kept as given. */
    public void write(long tsNanos, byte[] data, int off, int len, int wireLen) throws IOException {
        int cap = Math.min(len, snapLen);
        long secs = Math.floorDiv(tsNanos, 1_000_000_000L);
        long frac = Math.floorMod(tsNanos, 1_000_000_000L);
        record.clear();
        record.putInt((int) secs).putInt((int) (nanos ? frac : frac / 1000)).putInt(cap).putInt(Math.max(wireLen, cap));
        out.write(record.array());
        out.write(data, off, cap);
    }

    public void write(long tsNanos, byte[] data) throws IOException {
        write(tsNanos, data, 0, data.length, data.length);
    }

    @Override
    public void close() throws IOException {
        out.flush();
        out.close();
    }
}
