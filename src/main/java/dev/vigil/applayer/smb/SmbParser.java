package dev.vigil.applayer.smb;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.files.FileInfoRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMB over TCP (port 445 "direct TCP", or NetBIOS session service on 139): 4-byte NBSS framing, then SMB2/3
 * messages (compound chains included) or SMB1 (negotiate, session setup, tree connect; other commands
 * logged by name only). A request and its response, matched by message id, are one {@code smb} record;
 * READ/WRITE data of a file is assembled into one file per file id and direction, streamed through
 * without buffering the payload, and logged as a {@code fileinfo} record plus one {@code smb} record
 * for the file's transaction when the file is closed.
 */
public final class SmbParser implements AppParser {
    /** Largest NBSS message buffered whole; a bigger one (other than READ/WRITE data) is parsed from its head. */
    static final int MAX_BUFFERED = 1 << 20;
    /** Head kept of a message above {@link #MAX_BUFFERED}: every field logged sits in the first bytes. */
    static final int HEAD_KEPT = 64 << 10;
    /** Bytes looked at before deciding to stream a READ response or WRITE request: header + fixed body. */
    static final int PEEK = 64 + 48;
    /** Requests waiting for their response; past this the oldest is logged without one. */
    static final int MAX_PENDING = 4096;
    /** Trees and file names remembered per flow. */
    static final int MAX_TREES = 1024, MAX_NAMES = 4096;
    /** Consecutive messages that are not SMB before the flow is given up. */
    static final int MAX_BAD_MESSAGES = 8;

    private static final int CMD_NEGOTIATE = 0, CMD_SESSION_SETUP = 1, CMD_TREE_CONNECT = 3, CMD_CREATE = 5,
            CMD_CLOSE = 6, CMD_READ = 8, CMD_WRITE = 9, CMD_IOCTL = 11, CMD_CANCEL = 12,
            CMD_SET_INFO = 17;
    private static final int FLAG_RESPONSE = 0x1, FLAG_ASYNC = 0x2;

    private final AppContext ctx;
    private final Direction toServerDir = new Direction(true), toClientDir = new Direction(false);
    private final LinkedHashMap<Long, SmbTransaction> pending = new LinkedHashMap<>();
    private final LinkedHashMap<Long, SmbTransaction> pending1 = new LinkedHashMap<>();
    private final Map<Long, Tree> trees = bounded(MAX_TREES);
    private final Map<SmbFiles.Key, FileName> names = bounded(MAX_NAMES);
    private final SmbFiles files;
    private long nextTxId = 1;
    private int dialect;
    private String smb1Dialect;
    private List<String> smb1Offered;
    private int badMessages;
    /** SMB3 messages seen encrypted (transform header), not parsed. */
    private long encryptedMessages;
    private boolean done;

    record Tree(String share, int type) {}

    record FileName(String name, long size, boolean directory) {}

    public SmbParser(AppContext ctx) {
        this.ctx = ctx;
        this.files = new SmbFiles(this::fileFinished, () -> ctx.anomaly("FILE_OVERLAP"));
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override protected boolean removeEldestEntry(Map.Entry<K, V> eldest) { return size() > max; }
        };
    }

    @Override public boolean done() { return done; }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (done || buf == null || len <= 0) return;
        try {
            (toServer ? toServerDir : toClientDir).feed(buf, off, len);
        } catch (RuntimeException e) {
            // A bug must not take the sensor down; the flow is given up, what was parsed is kept.
            done = true;
            ctx.anomaly("INTERNAL_ERROR");
        }
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        if (done || bytes <= 0) return;
        (toServer ? toServerDir : toClientDir).gap(bytes);
    }

    @Override
    public void onClose() {
        try {
            flushPending();
            files.closeAll();
        } catch (RuntimeException e) {
            ctx.anomaly("INTERNAL_ERROR");
        }
    }

    private void flushPending() {
        List<SmbTransaction> all = new ArrayList<>(pending.values());
        all.addAll(pending1.values());
        pending.clear();
        pending1.clear();
        for (SmbTransaction tx : all) if (!tx.fileData && (tx.smb1 || tx.command != CMD_CLOSE)) emit(tx);
    }

    private String dialectName() {
        if (dialect != 0) return SmbNames.smb2Dialect(dialect);
        return smb1Dialect != null ? smb1Dialect : "unknown";
    }

    private void emit(SmbTransaction tx) {
        tx.dialect = dialectName();
        ctx.emit(tx);
    }

    // ---------------------------------------------------------------- framing, one direction

    private static final int HEADER = 0, BUFFER = 1, STREAM = 2, SKIP = 3, RESYNC = 4;

    private final class Direction {
        final boolean toServer;
        final byte[] nb = new byte[4];
        int nbLen;
        int mode = HEADER;
        int msgLen;
        byte[] buf = new byte[4096];
        int bufLen, target;
        boolean decided, truncated;
        long skip;
        // STREAM: message position, file data range within the message, where it goes
        long pos, dataStart, dataEnd, fileOffset;
        SmbFiles.Entry sink;
        /** File id returned by the last CREATE of the message being parsed (compound chains). */
        byte[] chainFid;

        Direction(boolean toServer) { this.toServer = toServer; }

        void feed(byte[] b, int off, int len) {
            int end = off + len;
            while (off < end && !done) {
                switch (mode) {
                    case HEADER -> {
                        int n = Math.min(4 - nbLen, end - off);
                        System.arraycopy(b, off, nb, nbLen, n);
                        nbLen += n;
                        off += n;
                        if (nbLen == 4) startMessage();
                    }
                    case BUFFER -> {
                        int n = Math.min(target - bufLen, end - off);
                        System.arraycopy(b, off, buf, bufLen, n);
                        bufLen += n;
                        off += n;
                        if (bufLen == target) buffered();
                    }
                    case STREAM -> {
                        int n = (int) Math.min(msgLen - pos, end - off);
                        deliver(b, off, n);
                        pos += n;
                        off += n;
                        if (pos == msgLen) nextMessage();
                    }
                    case SKIP -> {
                        int n = (int) Math.min(skip, end - off);
                        skip -= n;
                        off += n;
                        if (skip == 0) nextMessage();
                    }
                    default -> off = resync(b, off, end);
                }
            }
        }

        void gap(long bytes) {
            if (mode == SKIP && bytes < skip) {
                skip -= bytes;
            } else if (mode == STREAM && bytes < msgLen - pos) {
                // The missing file bytes become a gap when the next data arrives beyond them.
                pos += bytes;
            } else {
                mode = RESYNC;
                nbLen = 0;
            }
        }

        /** Looks for the next NBSS header followed by an SMB signature; returns where scanning stopped. */
        int resync(byte[] b, int off, int end) {
            for (int i = off + 4; i + 4 <= end; i++) {
                if ((b[i] == (byte) 0xFE || b[i] == (byte) 0xFF) && b[i + 1] == 'S' && b[i + 2] == 'M'
                        && b[i + 3] == 'B' && b[i - 4] == 0) {
                    mode = HEADER;
                    nbLen = 0;
                    return i - 4;
                }
            }
            return end;
        }

        void startMessage() {
            nbLen = 0;
            int type = nb[0] & 0xFF;
            int length = (nb[1] & 0xFF) << 16 | (nb[2] & 0xFF) << 8 | (nb[3] & 0xFF);
            if (type != 0) {
                // Session request/response, keep-alive: nothing to parse.
                if (type != 0x81 && type != 0x82 && type != 0x83 && type != 0x84 && type != 0x85) {
                    ctx.anomaly("MALFORMED_DATA");
                    if (++badMessages >= MAX_BAD_MESSAGES) done = true;
                }
                skip = length;
                mode = length == 0 ? HEADER : SKIP;
                return;
            }
            if (length == 0) return;
            msgLen = length;
            bufLen = 0;
            decided = length <= PEEK;
            truncated = false;
            target = Math.min(length, PEEK);
            ensure(target);
            mode = BUFFER;
        }

        void ensure(int n) {
            if (buf.length < n) buf = Arrays.copyOf(buf, Math.max(n, Math.min(buf.length * 2, MAX_BUFFERED)));
        }

        void buffered() {
            if (!decided) {
                decided = true;
                if (startStream()) return;
                if (msgLen > MAX_BUFFERED) {
                    truncated = true;
                    target = HEAD_KEPT;
                } else {
                    target = msgLen;
                }
                ensure(target);
                if (bufLen < target) return;
            }
            message(this, buf, bufLen, truncated);
            if (truncated && msgLen > bufLen) {
                skip = msgLen - bufLen;
                mode = SKIP;
            } else {
                nextMessage();
            }
        }

        void nextMessage() {
            mode = HEADER;
            nbLen = 0;
            sink = null;
            if (buf.length > 64 << 10) buf = new byte[4096]; // do not hold a large buffer between messages
        }

        /** A lone READ response or WRITE request: its data is passed on as it arrives, not buffered. */
        boolean startStream() {
            if (!isSmb2(buf, 0, bufLen) || bufLen < PEEK) return false;
            int cmd = Bytes.u16(buf, 12);
            int flags = Bytes.i32(buf, 16);
            boolean response = (flags & FLAG_RESPONSE) != 0;
            if (Bytes.i32(buf, 20) != 0) return false;
            long dOff, dLen;
            if (cmd == CMD_READ && response && !toServer) {
                dOff = Bytes.u8(buf, 66);
                dLen = Bytes.u32(buf, 68);
            } else if (cmd == CMD_WRITE && !response && toServer) {
                dOff = Bytes.u16(buf, 66);
                dLen = Bytes.u32(buf, 68);
            } else {
                return false;
            }
            chainFid = null;
            badMessages = 0;
            sink = null;
            SmbTransaction tx = smb2(this, buf, 0, bufLen, false);
            dataStart = dOff;
            dataEnd = Math.min(msgLen, dOff + dLen);
            if (tx != null && tx.fileData) {
                byte[] fid = resolveFid(tx.fileId, chainFid);
                if (fid != null) {
                    sink = fileEntry(tx, fid, !toServer);
                    fileOffset = tx.dataOffset;
                }
            }
            pos = 0;
            deliver(buf, 0, bufLen);
            pos = bufLen;
            mode = pos == msgLen ? HEADER : STREAM;
            if (mode == HEADER) nextMessage();
            return true;
        }

        /** Bytes at message position {@code pos}: the part inside the data range goes to the file. */
        void deliver(byte[] b, int off, int n) {
            if (sink == null) return;
            long from = Math.max(pos, dataStart), to = Math.min(pos + n, dataEnd);
            if (from >= to) return;
            files.data(sink, fileOffset + (from - dataStart), b, off + (int) (from - pos), (int) (to - from));
        }
    }

    private static boolean isSmb2(byte[] b, int off, int len) {
        return len - off >= 4 && b[off] == (byte) 0xFE && b[off + 1] == 'S' && b[off + 2] == 'M' && b[off + 3] == 'B';
    }

    // ---------------------------------------------------------------- messages

    private void message(Direction d, byte[] b, int len, boolean truncated) {
        d.chainFid = null;
        if (len < 4) {
            bad();
            return;
        }
        int magic = b[0] & 0xFF;
        if (b[1] != 'S' || b[2] != 'M' || b[3] != 'B') {
            bad();
            return;
        }
        switch (magic) {
            case 0xFE -> {
                badMessages = 0;
                int p = 0;
                while (true) {
                    if (p + 64 > len) {
                        if (!truncated) ctx.anomaly("MALFORMED_DATA");
                        return;
                    }
                    if (b[p] != (byte) 0xFE || b[p + 1] != 'S' || b[p + 2] != 'M' || b[p + 3] != 'B'
                            || Bytes.u16(b, p + 4) != 64) {
                        ctx.anomaly("MALFORMED_DATA");
                        return;
                    }
                    long next = Bytes.u32(b, p + 20);
                    boolean last = next == 0;
                    int end = len;
                    if (!last) {
                        if (next < 64 || next > len - p) {
                            if (!truncated) ctx.anomaly("MALFORMED_DATA");
                            last = true;
                        } else {
                            end = p + (int) next;
                        }
                    }
                    smb2(d, b, p, end, true);
                    if (last) return;
                    p = end;
                }
            }
            case 0xFF -> {
                badMessages = 0;
                smb1(d, b, len);
            }
            case 0xFD -> {
                // SMB3 transform header: this message is encrypted. Encryption may be per share, so
                // plaintext messages can follow (zeek-smb3.pcap: an encrypted share, then IPC$ in clear).
                badMessages = 0;
                encryptedMessages++;
            }
            case 0xFC -> badMessages = 0; // SMB 3.1.1 compressed message: not decompressed
            default -> bad();
        }
    }

    private void bad() {
        ctx.anomaly("MALFORMED_DATA");
        if (++badMessages >= MAX_BAD_MESSAGES) done = true;
    }

    private static byte[] fid(byte[] b, int at, int end) {
        return at + 16 <= end ? Arrays.copyOfRange(b, at, at + 16) : null;
    }

    /** An all-0xFF file id in a compound chain means "the file the chain's CREATE opened". */
    private static byte[] resolveFid(byte[] fid, byte[] chain) {
        if (fid == null) return chain;
        for (byte x : fid) if (x != (byte) 0xFF) return fid;
        return chain;
    }

    /**
     * One SMB2 message at {@code b[h, end)}. {@code whole} false when only the header and fixed body are
     * there (a streamed READ/WRITE). Returns the transaction it belongs to, or null.
     */
    private SmbTransaction smb2(Direction d, byte[] b, int h, int end, boolean whole) {
        int status = Bytes.i32(b, h + 8);
        int cmd = Bytes.u16(b, h + 12);
        int flags = Bytes.i32(b, h + 16);
        long msgId = Bytes.i64(b, h + 24);
        boolean async = (flags & FLAG_ASYNC) != 0;
        long treeId = async ? -1 : Bytes.u32(b, h + 36);
        long sessionId = Bytes.i64(b, h + 40);
        int body = h + 64;
        if ((flags & FLAG_RESPONSE) == 0) {
            return smb2Request(b, h, body, end, cmd, msgId, treeId, sessionId, whole);
        }
        if (async && status == NtStatus.PENDING) return null; // interim answer: the real one follows
        SmbTransaction tx = pending.remove(msgId);
        if (tx == null || tx.command != cmd) {
            if (tx != null) emit(tx);
            tx = new SmbTransaction(nextTxId++, false, cmd, msgId);
            tx.sessionId = sessionId;
            tx.treeId = Math.max(0, treeId);
        }
        tx.status = status;
        tx.statusKnown = true;
        tx.responseDone = true;
        if (sessionId != 0) tx.sessionId = sessionId;
        if (cmd == CMD_TREE_CONNECT && treeId > 0) tx.treeId = treeId;
        smb2Response(d, tx, b, h, body, end, status, whole);
        // Suricata logs no record for CLOSE: it only ends the file.
        if (!tx.fileData && cmd != CMD_CLOSE) emit(tx);
        return tx;
    }

    private SmbTransaction smb2Request(byte[] b, int h, int body, int end, int cmd, long msgId, long treeId,
                                       long sessionId, boolean whole) {
        if (cmd == CMD_CANCEL) return null;
        Tree tree = treeId > 0 ? trees.get(treeId) : null;
        boolean pipe = tree != null && tree.type == 2;
        boolean fileData = (cmd == CMD_READ || cmd == CMD_WRITE) && !pipe;
        SmbTransaction tx = new SmbTransaction(fileData ? 0 : nextTxId++, false, cmd, msgId);
        tx.fileData = fileData;
        tx.sessionId = sessionId;
        tx.treeId = Math.max(0, treeId);
        tx.requestDone = true;
        if (tree != null && cmd != CMD_TREE_CONNECT) {
            tx.share = tree.share;
            tx.pipe = pipe;
        }
        switch (cmd) {
            case CMD_NEGOTIATE -> {
                if (body + 36 > end) {
                    ctx.anomaly("NEGOTIATE_MALFORMED_DIALECTS");
                    break;
                }
                int count = Bytes.u16(b, body + 2);
                tx.clientGuid = SmbNames.guid(b, body + 12);
                if (count == 0 || body + 36 + 2 * count > end) {
                    ctx.anomaly("NEGOTIATE_MALFORMED_DIALECTS");
                    break;
                }
                List<String> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) list.add(SmbNames.smb2Dialect(Bytes.u16(b, body + 36 + 2 * i)));
                tx.clientDialects = list;
            }
            case CMD_SESSION_SETUP -> {
                if (body + 16 > end) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                int off = Bytes.u16(b, body + 12), len = Bytes.u16(b, body + 14);
                if (len == 0) break;
                if (!Bytes.inRange(h + off, len, end) || off < 64) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                tx.auth = SecurityBlob.parse(b, h + off, len);
                if (tx.auth.ntlmMalformed) ctx.anomaly("MALFORMED_NTLMSSP_REQUEST");
            }
            case CMD_TREE_CONNECT -> {
                if (body + 8 > end) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                int off = Bytes.u16(b, body + 4), len = Bytes.u16(b, body + 6);
                if (Bytes.inRange(h + off, len, end)) tx.share = Bytes.utf16(b, h + off, len);
                else ctx.anomaly("MALFORMED_DATA");
            }
            case CMD_CREATE -> {
                if (body + 56 > end) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                tx.disposition = Bytes.i32(b, body + 36);
                int options = Bytes.i32(b, body + 40);
                tx.directory = (options & 0x1) != 0;
                tx.deleteOnClose = (options & 0x1000) != 0;
                int off = Bytes.u16(b, body + 44), len = Bytes.u16(b, body + 46);
                if (len == 0) {
                    tx.filename = "<share_root>";
                } else if (Bytes.inRange(h + off, len, end)) {
                    tx.filename = Bytes.utf16(b, h + off, len);
                } else {
                    ctx.anomaly("MALFORMED_DATA");
                }
            }
            case CMD_CLOSE -> tx.fileId = fid(b, body + 8, end);
            case CMD_READ -> {
                if (body + 32 > end) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                tx.dataLength = Bytes.u32(b, body + 4);
                tx.dataOffset = Bytes.i64(b, body + 8);
                tx.fileId = fid(b, body + 16, end);
                nameFromFid(tx);
            }
            case CMD_WRITE -> {
                if (body + 32 > end) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                int dOff = Bytes.u16(b, body + 2);
                tx.dataLength = Bytes.u32(b, body + 4);
                tx.dataOffset = Bytes.i64(b, body + 8);
                tx.fileId = fid(b, body + 16, end);
                nameFromFid(tx);
                if (whole && fileData && tx.fileId != null && Bytes.inRange(h + dOff, 0, end)) {
                    int n = (int) Math.min(tx.dataLength, end - (h + dOff));
                    byte[] f = resolveFid(tx.fileId, toServerDir.chainFid);
                    if (f != null) files.data(fileEntry(tx, f, false), tx.dataOffset, b, h + dOff, n);
                }
            }
            case CMD_SET_INFO -> {
                // FileDispositionInformation with DeletePending: Suricata logs the file as "delete on close"
                if (body + 32 > end) break;
                tx.fileId = fid(b, body + 16, end);
                nameFromFid(tx);
                int bufOff = Bytes.u16(b, body + 8);
                if (Bytes.u8(b, body + 2) == 1 && Bytes.u8(b, body + 3) == 13 && Bytes.inRange(h + bufOff, 1, end)
                        && b[h + bufOff] != 0) {
                    tx.deleteOnClose = true;
                    tx.accessLogged = true;
                }
            }
            case CMD_IOCTL -> {
                if (body + 24 > end) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                tx.ctlCode = Bytes.i32(b, body + 4);
                tx.fileId = fid(b, body + 8, end);
                nameFromFid(tx);
            }
            default -> { }
        }
        SmbTransaction old = pending.put(msgId, tx);
        if (old != null && !old.fileData) emit(old);
        if (pending.size() > MAX_PENDING) {
            Iterator<SmbTransaction> it = pending.values().iterator();
            SmbTransaction oldest = it.next();
            it.remove();
            if (!oldest.fileData) emit(oldest);
        }
        return tx;
    }

    private void nameFromFid(SmbTransaction tx) {
        if (tx.fileId == null || tx.fileData) return;
        FileName n = names.get(SmbFiles.Key.of(tx.fileId, false));
        if (n != null) tx.filename = n.name;
    }

    private void smb2Response(Direction d, SmbTransaction tx, byte[] b, int h, int body, int end, int status,
                              boolean whole) {
        boolean ok = status == NtStatus.SUCCESS;
        switch (tx.command) {
            case CMD_NEGOTIATE -> {
                if (body + 40 > end) break;
                if (ok) {
                    dialect = Bytes.u16(b, body + 4);
                    tx.serverGuid = SmbNames.guid(b, body + 8);
                    tx.maxReadSize = Bytes.u32(b, body + 32);
                    tx.maxWriteSize = Bytes.u32(b, body + 36);
                }
            }
            case CMD_TREE_CONNECT -> {
                if (body + 4 > end || !ok) break;
                tx.shareType = Bytes.u8(b, body + 2);
                tx.pipe = tx.shareType == 2;
                if (tx.share != null && tx.treeId > 0) trees.put(tx.treeId, new Tree(tx.share, tx.shareType));
            }
            case CMD_CREATE -> {
                if (!ok || body + 80 > end) break;
                tx.created = Bytes.filetimeToUnix(Bytes.i64(b, body + 8));
                tx.accessed = Bytes.filetimeToUnix(Bytes.i64(b, body + 16));
                tx.modified = Bytes.filetimeToUnix(Bytes.i64(b, body + 24));
                tx.changed = Bytes.filetimeToUnix(Bytes.i64(b, body + 32));
                tx.size = Bytes.i64(b, body + 48);
                if ((Bytes.i32(b, body + 56) & 0x10) != 0) tx.directory = true;
                tx.fileId = fid(b, body + 64, end);
                d.chainFid = tx.fileId;
                if (tx.filename != null) {
                    names.put(SmbFiles.Key.of(tx.fileId, false), new FileName(tx.filename, tx.size, tx.directory));
                }
            }
            case CMD_CLOSE -> {
                byte[] f = resolveFid(tx.fileId, d.chainFid);
                if (f != null) {
                    FileName n = names.get(SmbFiles.Key.of(f, false));
                    if (n != null) tx.filename = n.name;
                    tx.fileId = f;
                    files.close(f);
                    if (ok) names.remove(SmbFiles.Key.of(f, false));
                }
            }
            case CMD_READ -> {
                if (!tx.fileData || !(ok || status == NtStatus.BUFFER_OVERFLOW) || body + 8 > end) break;
                byte[] f = resolveFid(tx.fileId, d.chainFid);
                tx.fileId = f;
                if (f == null || !whole) break;
                int dOff = Bytes.u8(b, body + 2);
                long dLen = Bytes.u32(b, body + 4);
                if (!Bytes.inRange(h + dOff, 0, end)) {
                    ctx.anomaly("MALFORMED_DATA");
                    break;
                }
                int n = (int) Math.min(dLen, end - (h + dOff));
                files.data(fileEntry(tx, f, true), tx.dataOffset, b, h + dOff, n);
            }
            case CMD_WRITE -> {
                if (!tx.fileData || tx.fileId == null) break;
                SmbFiles.Entry e = files.get(tx.fileId, false);
                if (e != null && !e.tx.statusKnown) {
                    e.tx.status = status;
                    e.tx.statusKnown = true;
                }
            }
            default -> { }
        }
    }

    /** The file a READ/WRITE feeds, opened (with its own transaction) on first data. */
    private SmbFiles.Entry fileEntry(SmbTransaction cmdTx, byte[] fid, boolean fromServer) {
        SmbFiles.Entry e = files.get(fid, fromServer);
        if (e != null) return e;
        FileName n = names.get(SmbFiles.Key.of(fid, false));
        SmbTransaction ftx = new SmbTransaction(nextTxId++, false, cmdTx.command, cmdTx.messageId);
        ftx.sessionId = cmdTx.sessionId;
        ftx.treeId = cmdTx.treeId;
        ftx.requestDone = true;
        ftx.responseDone = true;
        if (cmdTx.statusKnown) {
            ftx.status = cmdTx.status;
            ftx.statusKnown = true;
        }
        ftx.filename = n != null ? n.name : "";
        ftx.share = cmdTx.share;
        ftx.fileId = fid;
        long known = fromServer && n != null ? n.size : -1;
        return files.open(fid, fromServer, ftx.filename, ftx, known);
    }

    private void fileFinished(SmbFiles.Entry e) {
        SmbTransaction tx = e.tx;
        emit(tx);
        ctx.emit(new FileInfoRecord(e.file, "smb", tx.id - 1, g -> {
            g.writeObjectFieldStart("smb");
            tx.writeBody(g);
            g.writeEndObject();
        }, e.fromServer));
    }

    // ---------------------------------------------------------------- SMB1 (minimal)

    private void smb1(Direction d, byte[] b, int len) {
        if (len < 35) {
            ctx.anomaly("MALFORMED_DATA");
            return;
        }
        int cmd = Bytes.u8(b, 4);
        int status = Bytes.i32(b, 5);
        boolean response = (Bytes.u8(b, 9) & 0x80) != 0;
        int flags2 = Bytes.u16(b, 10);
        long tid = Bytes.u16(b, 24), pid = Bytes.u16(b, 26), uid = Bytes.u16(b, 28), mid = Bytes.u16(b, 30);
        long key = pid << 16 | mid;
        int wc = Bytes.u8(b, 32);
        int params = 33;
        int bcAt = params + 2 * wc;
        if (bcAt + 2 > len) {
            ctx.anomaly("MALFORMED_DATA");
            return;
        }
        int bytes = bcAt + 2;
        int bc = Math.min(Bytes.u16(b, bcAt), len - bytes);
        boolean unicode = (flags2 & 0x8000) != 0;
        if (!response) {
            SmbTransaction tx = new SmbTransaction(nextTxId++, true, cmd, key);
            tx.sessionId = uid;
            tx.treeId = tid;
            tx.requestDone = true;
            if (cmd == 0x72) {
                List<String> list = new ArrayList<>();
                int p = bytes, e = bytes + bc;
                while (p < e && list.size() < 64) {
                    if (b[p] != 0x02) {
                        ctx.anomaly("NEGOTIATE_MALFORMED_DIALECTS");
                        break;
                    }
                    String s = Bytes.ascii(b, p + 1, e - p - 1);
                    list.add(s);
                    p += 2 + s.length();
                }
                smb1Offered = list;
                tx.clientDialects = list;
            } else if (cmd == 0x73 && wc == 12) {
                int blobLen = Bytes.u16(b, params + 14);
                if (blobLen <= bc) {
                    tx.auth = SecurityBlob.parse(b, bytes, blobLen);
                    if (tx.auth.ntlmMalformed) ctx.anomaly("MALFORMED_NTLMSSP_REQUEST");
                    int p = bytes + blobLen, e = bytes + bc;
                    if (unicode) {
                        if ((p & 1) != 0) p++;
                        if (p < e) {
                            tx.nativeOs = Bytes.utf16(b, p, e - p);
                            p += 2 * tx.nativeOs.length() + 2;
                            if (p < e) tx.nativeLm = Bytes.utf16(b, p, e - p);
                        }
                    } else if (p < e) {
                        tx.nativeOs = Bytes.ascii(b, p, e - p);
                        p += tx.nativeOs.length() + 1;
                        if (p < e) tx.nativeLm = Bytes.ascii(b, p, e - p);
                    }
                } else {
                    ctx.anomaly("MALFORMED_DATA");
                }
            } else if (cmd == 0x75 && wc == 4) {
                int pw = Bytes.u16(b, params + 6);
                int p = bytes + pw, e = bytes + bc;
                if (unicode && (p & 1) != 0) p++;
                if (p < e) tx.share = unicode ? Bytes.utf16(b, p, e - p) : Bytes.ascii(b, p, e - p);
            }
            SmbTransaction old = pending1.put(key, tx);
            if (old != null) emit(old);
            if (pending1.size() > MAX_PENDING) {
                Iterator<SmbTransaction> it = pending1.values().iterator();
                SmbTransaction oldest = it.next();
                it.remove();
                emit(oldest);
            }
            return;
        }
        SmbTransaction tx = pending1.remove(key);
        if (tx == null || tx.command != cmd) {
            if (tx != null) emit(tx);
            tx = new SmbTransaction(nextTxId++, true, cmd, key);
            tx.treeId = tid;
        }
        tx.sessionId = uid;
        if (cmd == 0x75) tx.treeId = tid;
        tx.status = status;
        tx.statusKnown = true;
        tx.responseDone = true;
        if (cmd == 0x72 && wc >= 1) {
            int idx = Bytes.u16(b, params);
            if (smb1Offered != null && idx < smb1Offered.size()) smb1Dialect = smb1Offered.get(idx);
        }
        emit(tx);
    }
}
