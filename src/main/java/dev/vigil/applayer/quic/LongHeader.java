package dev.vigil.applayer.quic;

/**
 * One long-header packet read in place from a datagram (RFC 9000 section 17.2, RFC 8999): a reusable
 * view, filled by {@link #parse}, holding offsets into the caller's buffer.
 */
final class LongHeader {
    static final int MAX_CID = 20;

    int start;
    int first;
    int version;
    int type;
    int dcidOff, dcidLen;
    int scidOff, scidLen;
    /** Initial, 0-RTT, Handshake: where the packet number starts and where the packet ends. */
    int pnOff;
    int end;

    /**
     * Reads the long header at {@code off} (the first byte has its high bit set). Returns false when the
     * bytes are not a well-formed header of a version we can lay out; Retry and Version Negotiation
     * packets run to the end of the datagram.
     */
    boolean parse(byte[] b, int off, int limit) {
        start = off;
        if (limit - off < 7) return false;
        first = b[off] & 0xff;
        if ((first & 0x80) == 0) return false;
        version = ((b[off + 1] & 0xff) << 24) | ((b[off + 2] & 0xff) << 16) | ((b[off + 3] & 0xff) << 8) | (b[off + 4] & 0xff);
        int p = off + 5;
        if (version == QuicVersion.NEGOTIATION) {
            type = -1;
        } else if (QuicVersion.googleLegacyLayout(version)) {
            return false;
        } else {
            type = QuicVersion.longType(version, first);
        }
        dcidLen = b[p++] & 0xff;
        if (dcidLen > MAX_CID && version != QuicVersion.NEGOTIATION) return false;
        dcidOff = p;
        p += dcidLen;
        if (p >= limit) return false;
        scidLen = b[p++] & 0xff;
        if (scidLen > MAX_CID && version != QuicVersion.NEGOTIATION) return false;
        scidOff = p;
        p += scidLen;
        if (p > limit) return false;
        if (version == QuicVersion.NEGOTIATION || type == QuicVersion.RETRY) {
            pnOff = p;
            end = limit;
            return true;
        }
        if (type == QuicVersion.INITIAL) {
            long tokenLen = VarInt.read(b, p, limit);
            if (tokenLen < 0) return false;
            p += VarInt.size(b[p]);
            if (tokenLen > limit - p) return false;
            p += (int) tokenLen;
        }
        long length = VarInt.read(b, p, limit);
        if (length < 0) return false;
        p += VarInt.size(b[p]);
        if (length > limit - p) return false;
        pnOff = p;
        end = p + (int) length;
        return true;
    }
}
