package dev.vigil.applayer.smb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds small SMB2 messages (with their NBSS header) for tests. */
final class Smb2Messages {
    private Smb2Messages() {}

    static ByteBuffer header(int bodyLen, int cmd, long msgId, boolean response, int status) {
        int len = 64 + bodyLen;
        ByteBuffer b = ByteBuffer.allocate(4 + len).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) (len >> 16)).put((byte) (len >> 8)).put((byte) len);
        b.put((byte) 0xFE).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.putShort((short) 64).putShort((short) 0).putInt(status).putShort((short) cmd).putShort((short) 1);
        b.putInt(response ? 1 : 0).putInt(0).putLong(msgId).putInt(0).putInt(1).putLong(0x1234);
        b.put(new byte[16]);
        return b;
    }

    static byte[] response(long msgId, int cmd, int status, byte[] body) {
        ByteBuffer b = header(body.length, cmd, msgId, true, status);
        b.put(body);
        return b.array();
    }

    static byte[] createRequest(long msgId, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = header(56 + n.length, 5, msgId, false, 0);
        int body = b.position();
        b.putShort((short) 57);
        b.position(body + 36);
        b.putInt(1).putInt(0).putShort((short) (64 + 56)).putShort((short) n.length).putInt(0).putInt(0);
        b.put(n);
        return b.array();
    }

    static byte[] createResponse(long msgId, byte[] fid, long eof) {
        ByteBuffer b = header(88, 5, msgId, true, 0);
        int body = b.position();
        b.putShort((short) 89);
        b.position(body + 8);
        for (int i = 0; i < 4; i++) b.putLong(131_000_000_000_000_000L);
        b.putLong(eof).putLong(eof).putInt(0x20).putInt(0).put(fid).putInt(0).putInt(0);
        return b.array();
    }

    /** WRITE request header and fixed body; {@code len} data bytes are to follow. */
    static byte[] writeRequestHead(long msgId, byte[] fid, long offset, int len) {
        int bodyLen = 48;
        int total = 64 + bodyLen + len;
        ByteBuffer b = header(bodyLen, 9, msgId, false, 0);
        b.put(1, (byte) (total >> 16)).put(2, (byte) (total >> 8)).put(3, (byte) total);
        b.putShort((short) 49).putShort((short) (64 + 48)).putInt(len).putLong(offset).put(fid);
        b.putInt(0).putInt(0).putShort((short) 0).putShort((short) 0).putInt(0);
        return b.array();
    }

    static byte[] readRequest(long msgId, byte[] fid, long offset, int len) {
        ByteBuffer b = header(49, 8, msgId, false, 0);
        b.putShort((short) 49).put((byte) 0).put((byte) 0).putInt(len).putLong(offset).put(fid);
        b.putInt(0).putInt(0).putInt(0).putShort((short) 0).putShort((short) 0).put((byte) 0);
        return b.array();
    }

    static byte[] readResponse(long msgId, byte[] data, int off, int len) {
        ByteBuffer b = header(16 + len, 8, msgId, true, 0);
        b.putShort((short) 17).put((byte) 80).put((byte) 0).putInt(len).putInt(0).putInt(0);
        b.put(data, off, len);
        return b.array();
    }

    static byte[] closeRequest(long msgId, byte[] fid) {
        ByteBuffer b = header(24, 6, msgId, false, 0);
        b.putShort((short) 24).putShort((short) 0).putInt(0).put(fid);
        return b.array();
    }
}
