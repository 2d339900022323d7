package dev.vigil.scenario.smb;

/**
 * The envelope of one SMB2 message on port 445: the 4-byte NetBIOS session service length, the 64-byte
 * SMB2 sync header, then the command body. Body offsets in SMB2 count from the header's first byte, so
 * bodies are written into the same buffer right after the header and {@link #HEADER} is their base.
 */
final class Smb2Message {
    static final int HEADER = 64;

    static final int NEGOTIATE = 0, SESSION_SETUP = 1, LOGOFF = 2, TREE_CONNECT = 3, TREE_DISCONNECT = 4,
            CREATE = 5, CLOSE = 6, READ = 8, WRITE = 9, QUERY_DIRECTORY = 14;

    static final int STATUS_SUCCESS = 0;
    static final int STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016;
    static final int STATUS_LOGON_FAILURE = 0xC000006D;
    static final int STATUS_NO_MORE_FILES = 0x80000006;

    private static final int FLAG_RESPONSE = 0x1;

    private Smb2Message() {}

    /** A buffer holding a request header; the body follows at {@link #HEADER}. */
    static LeBuffer request(int command, int creditCharge, int creditRequest, long messageId, long treeId, long sessionId) {
        return header(command, creditCharge, 0, creditRequest, 0, messageId, treeId, sessionId);
    }

    static LeBuffer response(int command, int creditCharge, int status, int creditsGranted, long messageId, long treeId, long sessionId) {
        return header(command, creditCharge, status, creditsGranted, FLAG_RESPONSE, messageId, treeId, sessionId);
    }

    private static LeBuffer header(int command, int creditCharge, int status, int credits, int flags, long messageId, long treeId, long sessionId) {
        LeBuffer b = new LeBuffer();
        b.u8(0xFE).u8('S').u8('M').u8('B');
        b.u16(HEADER).u16(creditCharge).u32(status & 0xFFFFFFFFL).u16(command).u16(credits);
        b.u32(flags).u32(0).u64(messageId);
        b.u32(0xFEFF).u32(treeId).u64(sessionId);
        b.zeros(16); // unsigned
        return b;
    }

    /** The error response body (MS-SMB2 2.2.2) that answers a failed command of any kind. */
    static LeBuffer error(LeBuffer header) {
        return header.u16(9).u8(0).u8(0).u32(0).u8(0);
    }

    /** The message with its NetBIOS session service framing, ready for the TCP stream. */
    static byte[] framed(LeBuffer message) {
        byte[] m = message.toBytes();
        byte[] out = new byte[m.length + 4];
        out[1] = (byte) (m.length >>> 16);
        out[2] = (byte) (m.length >>> 8);
        out[3] = (byte) m.length;
        System.arraycopy(m, 0, out, 4, m.length);
        return out;
    }
}
