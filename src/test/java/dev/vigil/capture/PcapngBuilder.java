package dev.vigil.capture;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes pcapng test files block by block, well-formed unless a test asks for damage. */
final class PcapngBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    PcapngBuilder section(ByteOrder order) {
        return section(order, 1, 0);
    }

    PcapngBuilder section(ByteOrder order, int major, int minor) {
        this.order = order;
        ByteBuffer body = buf(16).putInt(PcapngReader.BYTE_ORDER_MAGIC).putShort((short) major).putShort((short) minor).putLong(-1);
        return block(PcapngReader.SHB, body.array());
    }

    /** An interface; options are encoded with {@link #option}, end-of-options is added. */
    PcapngBuilder idb(int linkType, int snapLen, byte[]... options) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(buf(8).putShort((short) linkType).putShort((short) 0).putInt(snapLen).array());
        for (byte[] o : options) body.writeBytes(o);
        if (options.length > 0) body.writeBytes(new byte[4]);
        return block(PcapngReader.IDB, body.toByteArray());
    }

    byte[] option(int code, byte[] value) {
        ByteBuffer b = buf(4 + pad(value.length)).putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    byte[] tsresol(int value) {
        return option(9, new byte[] {(byte) value});
    }

    byte[] tsoffset(long seconds) {
        return option(14, buf(8).putLong(seconds).array());
    }

    PcapngBuilder epb(int interfaceId, long units, byte[] data, int origLen) {
        ByteBuffer b = buf(20 + pad(data.length)).putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units)
                .putInt(data.length).putInt(origLen).put(data);
        return block(PcapngReader.EPB, b.array());
    }

    PcapngBuilder epb(int interfaceId, long units, byte[] data) {
        return epb(interfaceId, units, data, data.length);
    }

    /** The obsolete Packet Block: 16-bit interface id and a drops counter. */
    PcapngBuilder pb(int interfaceId, long units, byte[] data, int origLen) {
        ByteBuffer b = buf(20 + pad(data.length)).putShort((short) interfaceId).putShort((short) 0)
                .putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(origLen).put(data);
        return block(PcapngReader.PB, b.array());
    }

    PcapngBuilder spb(int origLen, byte[] data) {
        return block(PcapngReader.SPB, buf(4 + pad(data.length)).putInt(origLen).put(data).array());
    }

    /** A correctly framed block of any type; the body is padded to 32 bits. */
    PcapngBuilder block(int type, byte[] body) {
        int len = 12 + pad(body.length);
        out.writeBytes(buf(len).putInt(type).putInt(len).put(body).putInt(len - 4, len).array());
        return this;
    }

    /** Bytes as they are, for damage the other methods cannot express. */
    PcapngBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    ByteBuffer buf(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    MemorySegment segment() {
        return MemorySegment.ofArray(bytes());
    }

    static int pad(int n) {
        return (n + 3) & ~3;
    }
}
