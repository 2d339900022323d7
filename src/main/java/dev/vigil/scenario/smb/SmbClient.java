package dev.vigil.scenario.smb;

import static dev.vigil.scenario.smb.Smb2Message.*;

import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Wire;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Windows 10/11 SMB client talking to a Windows server over one TCP connection to port 445: dialect
 * negotiation, NTLMSSP logon inside SPNEGO, then share, file, directory and named-pipe operations. Each
 * method plays the requests and the server's responses on the connection's clock; message ids, credits,
 * the session id, tree ids and file ids follow one another as a real exchange's do. Messages are not
 * signed: the server offers signing without requiring it, as member servers do by default.
 */
public final class SmbClient {
    /** The largest READ or WRITE a Windows client issues without multi-credit requests. */
    static final int CHUNK = 64 << 10;
    private static final int CAP_DFS = 0x1, CAP_LEASING = 0x2, CAP_LARGE_MTU = 0x4, CAP_MULTI_CHANNEL = 0x8,
            CAP_PERSISTENT_HANDLES = 0x10, CAP_DIRECTORY_LEASING = 0x20, CAP_ENCRYPTION = 0x40;
    private static final int CLIENT_CAPS = CAP_DFS | CAP_LEASING | CAP_LARGE_MTU | CAP_MULTI_CHANNEL
            | CAP_PERSISTENT_HANDLES | CAP_DIRECTORY_LEASING | CAP_ENCRYPTION;
    private static final int[] OFFERED = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    private static final int CTX_PREAUTH = 1, CTX_ENCRYPTION = 2, CTX_NETNAME = 5, CTX_SIGNING = 8;
    private static final int SHA512 = 1, AES128_CCM = 1, AES128_GCM = 2, AES256_CCM = 3, AES256_GCM = 4, AES_CMAC = 1, AES_GMAC = 2;
    private static final int DISK = 1, PIPE = 2;
    private static final int FILE_OPEN = 1, FILE_OVERWRITE_IF = 5;
    private static final int FILE_OPENED = 1, FILE_CREATED = 2;
    private static final int DIRECTORY_FILE = 0x1, NON_DIRECTORY_FILE = 0x40;
    private static final int ATTR_DIRECTORY = 0x10, ATTR_ARCHIVE = 0x20, ATTR_NORMAL = 0x80;
    private static final long EPOCH_AS_FILETIME = 116_444_736_000_000_000L;

    private final TcpConversation conn;
    private final Wire wire;
    private final RandomGenerator rng;
    private final SmbDialect dialect;
    private final String serverName;
    private final int maxRead, maxWrite;
    private long messageId;
    private long sessionId;
    private long lastTreeId;
    private int rpcCallId = 1;

    private SmbClient(TcpConversation conn, String serverName, SmbDialect dialect) {
        this.conn = conn;
        this.wire = conn.wire();
        this.rng = wire.rng();
        this.serverName = serverName;
        this.dialect = dialect;
        // Server 2008 R2 grants 1 MiB reads and writes, Server 2016 and later 8 MiB
        this.maxRead = this.maxWrite = dialect == SmbDialect.SMB_2_1 ? 1 << 20 : 8 << 20;
    }

    /** Negotiates SMB 3.1.1 and logs on successfully. */
    public static SmbClient login(TcpConversation conn, String domain, String user, String workstation, String serverName) {
        return login(conn, domain, user, workstation, serverName, SmbDialect.SMB_3_1_1);
    }

    /** Negotiates {@code dialect} and logs on successfully. */
    public static SmbClient login(TcpConversation conn, String domain, String user, String workstation, String serverName,
                                  SmbDialect dialect) {
        SmbClient c = negotiate(conn, serverName, dialect);
        c.authenticate(domain, user, workstation, true);
        return c;
    }

    /** NEGOTIATE only: the client offers 2.0.2 to 3.1.1 and the server picks {@code dialect}. */
    public static SmbClient negotiate(TcpConversation conn, String serverName, SmbDialect dialect) {
        SmbClient c = new SmbClient(conn, serverName, dialect);
        c.negotiate();
        return c;
    }

    public SmbDialect dialect() {
        return dialect;
    }

    /** The session id of the current logon, 0 before one succeeded. */
    public long sessionId() {
        return sessionId;
    }

    private void negotiate() {
        LeBuffer q = Smb2Message.request(NEGOTIATE, 0, 1, messageId, 0, 0);
        q.u16(36).u16(OFFERED.length).u16(1).u16(0).u32(CLIENT_CAPS).bytes(random(16));
        int ctxAt = q.position();
        q.u32(0).u16(4).u16(0);
        for (int d : OFFERED) q.u16(d);
        q.align(0, 8);
        q.setU32(ctxAt, q.position());
        context(q, CTX_PREAUTH, new LeBuffer().u16(1).u16(32).u16(SHA512).bytes(random(32)), true);
        context(q, CTX_ENCRYPTION, new LeBuffer().u16(4).u16(AES128_GCM).u16(AES128_CCM).u16(AES256_GCM).u16(AES256_CCM), true);
        context(q, CTX_NETNAME, new LeBuffer().utf16(serverName), true);
        context(q, CTX_SIGNING, new LeBuffer().u16(2).u16(AES_GMAC).u16(AES_CMAC), false);

        boolean v311 = dialect == SmbDialect.SMB_3_1_1;
        LeBuffer r = Smb2Message.response(NEGOTIATE, 0, STATUS_SUCCESS, 1, messageId, 0, 0);
        byte[] offer = Spnego.serverOffer();
        int caps = v311 ? CAP_DFS | CAP_LEASING | CAP_LARGE_MTU | CAP_MULTI_CHANNEL | CAP_DIRECTORY_LEASING : CAP_DFS | CAP_LEASING | CAP_LARGE_MTU;
        r.u16(65).u16(1).u16(dialect.revision).u16(v311 ? 3 : 0).bytes(random(16)).u32(caps);
        r.u32(8 << 20).u32(maxRead).u32(maxWrite).u64(filetime()).u64(0);
        r.u16(HEADER + 64).u16(offer.length);
        int rCtxAt = r.position();
        r.u32(0).bytes(offer);
        if (v311) {
            r.align(0, 8);
            r.setU32(rCtxAt, r.position());
            context(r, CTX_PREAUTH, new LeBuffer().u16(1).u16(32).u16(SHA512).bytes(random(32)), true);
            context(r, CTX_ENCRYPTION, new LeBuffer().u16(1).u16(AES128_GCM), true);
            context(r, CTX_SIGNING, new LeBuffer().u16(1).u16(AES_GMAC), false);
        }
        roundTrip(q, r, 0.2, 1.0);
    }

    /** One negotiate context, 8-aligned from the header when another follows. */
    private static void context(LeBuffer b, int type, LeBuffer data, boolean more) {
        byte[] d = data.toBytes();
        b.u16(type).u16(d.length).u32(0).bytes(d);
        if (more) b.align(0, 8);
    }

    /**
     * An NTLMSSP logon in two SESSION_SETUP round trips. When {@code accepted} is false the server answers
     * the AUTHENTICATE with STATUS_LOGON_FAILURE (a wrong password); the client may then try again on the
     * same connection, as password-spraying tools do. Returns {@code accepted}.
     */
    public boolean authenticate(String domain, String user, String workstation, boolean accepted) {
        sessionId = 0;
        LeBuffer q = Smb2Message.request(SESSION_SETUP, 1, 33, messageId, 0, 0);
        sessionSetupRequest(q, Spnego.clientInit(Ntlmssp.negotiate()));
        long assigned = 0x0000_1000_0000_0000L | (rng.nextLong() & 0x0000_0FFF_FFFF_FFFFL);
        LeBuffer r = Smb2Message.response(SESSION_SETUP, 1, STATUS_MORE_PROCESSING_REQUIRED, 1, messageId, 0, assigned);
        sessionSetupResponse(r, Spnego.serverChallenge(Ntlmssp.challenge(rng, domain, serverName, filetime())));
        roundTrip(q, r, 0.3, 1.5);

        wire.thinkMillis(0.2, 1.5); // the client computes its NTLMv2 response
        q = Smb2Message.request(SESSION_SETUP, 1, 33, messageId, 0, assigned);
        sessionSetupRequest(q, Spnego.clientAuthenticate(
                Ntlmssp.authenticate(rng, domain, user, workstation, serverName, filetime()), Ntlmssp.mechListMic(rng)));
        if (accepted) {
            r = Smb2Message.response(SESSION_SETUP, 1, STATUS_SUCCESS, 32, messageId, 0, assigned);
            sessionSetupResponse(r, Spnego.serverAccept(Ntlmssp.mechListMic(rng)));
        } else {
            r = Smb2Message.error(Smb2Message.response(SESSION_SETUP, 1, STATUS_LOGON_FAILURE, 1, messageId, 0, assigned));
        }
        // the server asks a domain controller (netlogon pass-through) before it answers
        roundTrip(q, r, 2, 12);
        if (accepted) sessionId = assigned;
        return accepted;
    }

    private static void sessionSetupRequest(LeBuffer q, byte[] blob) {
        q.u16(25).u8(0).u8(1).u32(CAP_DFS).u32(0).u16(HEADER + 24).u16(blob.length).u64(0).bytes(blob);
    }

    private static void sessionSetupResponse(LeBuffer r, byte[] blob) {
        r.u16(9).u16(0).u16(HEADER + 8).u16(blob.length).bytes(blob);
    }

    /** TREE_CONNECT to a UNC path such as {@code \\FS01\Finance}; a path ending in IPC$ is a pipe share. */
    public SmbTree treeConnect(String uncPath) {
        requireSession();
        boolean ipc = uncPath.toUpperCase(java.util.Locale.ROOT).endsWith("\\IPC$");
        byte[] path = LeBuffer.utf16Bytes(uncPath);
        lastTreeId += 1 + rng.nextInt(4);
        long treeId = lastTreeId;
        LeBuffer q = request(TREE_CONNECT, 0);
        q.u16(9).u16(0).u16(HEADER + 8).u16(path.length).bytes(path);
        LeBuffer r = response(TREE_CONNECT, STATUS_SUCCESS, treeId);
        // IPC$ is never cached; disk shares allow manual caching; the user is granted full access
        r.u16(16).u8(ipc ? PIPE : DISK).u8(0).u32(ipc ? 0x30 : 0).u32(0).u32(0x001F01FF);
        roundTrip(q, r, 0.2, 1.0);
        return new SmbTree(treeId, uncPath, ipc);
    }

    public void treeDisconnect(SmbTree tree) {
        LeBuffer q = request(TREE_DISCONNECT, tree.treeId());
        q.u16(4).u16(0);
        LeBuffer r = response(TREE_DISCONNECT, STATUS_SUCCESS, tree.treeId());
        r.u16(4).u16(0);
        roundTrip(q, r, 0.1, 0.5);
    }

    public void logoff() {
        requireSession();
        LeBuffer q = request(LOGOFF, 0);
        q.u16(4).u16(0);
        LeBuffer r = response(LOGOFF, STATUS_SUCCESS, 0);
        r.u16(4).u16(0);
        roundTrip(q, r, 0.1, 0.5);
        sessionId = 0;
    }

    /** Opens {@code path} on {@code tree}, reads {@code content} in chunks, closes it. */
    public void readFile(SmbTree tree, String path, byte[] content) {
        byte[] fid = create(tree, path, 0x00120089, 0, FILE_OPEN, NON_DIRECTORY_FILE, FILE_OPENED, ATTR_ARCHIVE, content.length);
        int chunk = Math.min(CHUNK, maxRead);
        for (int off = 0; off < content.length; off += chunk) {
            int n = Math.min(chunk, content.length - off);
            LeBuffer q = request(READ, tree.treeId());
            q.u16(49).u8(0x50).u8(0).u32(n).u64(off).bytes(fid).u32(0).u32(0).u32(0).u16(0).u16(0).u8(0);
            LeBuffer r = response(READ, STATUS_SUCCESS, tree.treeId());
            r.u16(17).u8(HEADER + 16).u8(0).u32(n).u32(0).u32(0).bytes(content, off, n);
            // the next READ leaves as soon as the previous data is in: the client is streaming
            roundTrip(q, r, 0.05, 0.6, 0.01, 0.1);
        }
        close(tree, fid);
    }

    /** Creates or overwrites {@code path} on {@code tree}, writes {@code content} in chunks, closes it. */
    public void writeFile(SmbTree tree, String path, byte[] content) {
        byte[] fid = create(tree, path, 0x0012019F, ATTR_ARCHIVE, FILE_OVERWRITE_IF, NON_DIRECTORY_FILE, FILE_CREATED, ATTR_ARCHIVE, 0);
        int chunk = Math.min(CHUNK, maxWrite);
        for (int off = 0; off < content.length; off += chunk) {
            int n = Math.min(chunk, content.length - off);
            LeBuffer q = request(WRITE, tree.treeId());
            q.u16(49).u16(HEADER + 48).u32(n).u64(off).bytes(fid).u32(0).u32(0).u16(0).u16(0).u32(0).bytes(content, off, n);
            LeBuffer r = response(WRITE, STATUS_SUCCESS, tree.treeId());
            r.u16(17).u16(0).u32(n).u32(0).u16(0).u16(0);
            roundTrip(q, r, 0.1, 1.0, 0.01, 0.1);
        }
        close(tree, fid);
    }

    /**
     * Opens directory {@code path} ("" for the share's root), lists {@code names} (a trailing backslash marks
     * a subdirectory) as FileIdBothDirectoryInformation until STATUS_NO_MORE_FILES, closes it.
     */
    public void listDirectory(SmbTree tree, String path, List<String> names) {
        byte[] fid = create(tree, path, 0x00100081, 0, FILE_OPEN, DIRECTORY_FILE, FILE_OPENED, ATTR_DIRECTORY, 0);
        int maxOut = 64 << 10;
        List<byte[]> buffers = DirectoryListing.buffers(names, maxOut, rng, filetime());
        byte[] pattern = LeBuffer.utf16Bytes("*");
        for (int i = 0; i <= buffers.size(); i++) {
            LeBuffer q = request(QUERY_DIRECTORY, tree.treeId());
            q.u16(33).u8(DirectoryListing.FILE_ID_BOTH_DIRECTORY_INFORMATION).u8(0).u32(0).bytes(fid);
            q.u16(HEADER + 32).u16(pattern.length).u32(maxOut).bytes(pattern);
            LeBuffer r;
            if (i < buffers.size()) {
                byte[] out = buffers.get(i);
                r = response(QUERY_DIRECTORY, STATUS_SUCCESS, tree.treeId());
                r.u16(9).u16(HEADER + 8).u32(out.length).bytes(out);
            } else {
                r = Smb2Message.error(response(QUERY_DIRECTORY, STATUS_NO_MORE_FILES, tree.treeId()));
            }
            roundTrip(q, r, 0.2, 2.0);
        }
        close(tree, fid);
    }

    /**
     * Opens the named pipe {@code pipe} on an IPC$ tree and binds to its RPC interface (svcctl, srvsvc,
     * samr, lsarpc): the bind goes out in a WRITE, the bind_ack comes back to a READ. The pipe stays open;
     * the returned file id is closed by {@link #closePipe}.
     */
    public byte[] openPipe(SmbTree ipc, String pipe) {
        if (!ipc.pipe()) throw new IllegalArgumentException("named pipes live on IPC$, not " + ipc.path());
        if (!DceRpcBind.known(pipe)) throw new IllegalArgumentException("unknown pipe " + pipe);
        byte[] fid = create(ipc, pipe, 0x0012019F, 0, FILE_OPEN, 0, FILE_OPENED, ATTR_NORMAL, 0);
        int callId = rpcCallId++;
        byte[] bind = DceRpcBind.bind(pipe, callId);
        LeBuffer q = request(WRITE, ipc.treeId());
        q.u16(49).u16(HEADER + 48).u32(bind.length).u64(0).bytes(fid).u32(0).u32(0).u16(0).u16(0).u32(0).bytes(bind);
        LeBuffer r = response(WRITE, STATUS_SUCCESS, ipc.treeId());
        r.u16(17).u16(0).u32(bind.length).u32(0).u16(0).u16(0);
        roundTrip(q, r, 0.05, 0.3);
        byte[] ack = DceRpcBind.bindAck(pipe, callId, 0x10000 + rng.nextInt(0xFFFF));
        int want = 1024;
        q = request(READ, ipc.treeId());
        q.u16(49).u8(0x50).u8(0).u32(want).u64(0).bytes(fid).u32(0).u32(0).u32(0).u16(0).u16(0).u8(0);
        r = response(READ, STATUS_SUCCESS, ipc.treeId());
        r.u16(17).u8(HEADER + 16).u8(0).u32(ack.length).u32(0).u32(0).bytes(ack);
        roundTrip(q, r, 0.1, 0.8, 0.01, 0.05);
        return fid;
    }

    public void closePipe(SmbTree ipc, byte[] fid) {
        close(ipc, fid);
    }

    private byte[] create(SmbTree tree, String path, int access, int attributes, int disposition, int options,
                          int action, int resultAttributes, long size) {
        requireSession();
        byte[] name = LeBuffer.utf16Bytes(path);
        LeBuffer q = request(CREATE, tree.treeId());
        q.u16(57).u8(0).u8(0).u32(2).u64(0).u64(0);
        q.u32(access).u32(attributes).u32(7).u32(disposition).u32(options);
        q.u16(HEADER + 56).u16(name.length).u32(0).u32(0);
        // the buffer is never empty, even for the share's root
        q.bytes(name.length == 0 ? new byte[1] : name);
        byte[] fid = random(16);
        long now = filetime();
        long created = action == FILE_CREATED ? now : now - rng.nextLong(180L * 86_400 * 10_000_000);
        long written = action == FILE_CREATED ? now : created + (now - created) / 3;
        LeBuffer r = response(CREATE, STATUS_SUCCESS, tree.treeId());
        r.u16(89).u8(0).u8(0).u32(action).u64(created).u64(now).u64(written).u64(written);
        r.u64((size + 4095) & ~4095L).u64(size).u32(resultAttributes).u32(0).bytes(fid).u32(0).u32(0);
        roundTrip(q, r, 0.1, 0.8);
        return fid;
    }

    private void close(SmbTree tree, byte[] fid) {
        LeBuffer q = request(CLOSE, tree.treeId());
        q.u16(24).u16(0).u32(0).bytes(fid);
        LeBuffer r = response(CLOSE, STATUS_SUCCESS, tree.treeId());
        r.u16(60).u16(0).u32(0).zeros(52);
        roundTrip(q, r, 0.05, 0.4);
    }

    private LeBuffer request(int command, long treeId) {
        return Smb2Message.request(command, 1, 1, messageId, treeId, sessionId);
    }

    private LeBuffer response(int command, int status, long treeId) {
        return Smb2Message.response(command, 1, status, 1, messageId, treeId, sessionId);
    }

    private void roundTrip(LeBuffer q, LeBuffer r, double workMinMs, double workMaxMs) {
        roundTrip(q, r, workMinMs, workMaxMs, 0.05, 0.5);
    }

    /** The client's pause, its request, the server's work, the response; the next message id. */
    private void roundTrip(LeBuffer q, LeBuffer r, double workMinMs, double workMaxMs, double thinkMinMs, double thinkMaxMs) {
        wire.thinkMillis(thinkMinMs, thinkMaxMs);
        long work = (long) ((workMinMs + rng.nextDouble() * (workMaxMs - workMinMs)) * 1_000_000);
        conn.exchange(framed(q), framed(r), work);
        messageId++;
    }

    private void requireSession() {
        if (sessionId == 0) throw new IllegalStateException("no logged-on session");
    }

    private long filetime() {
        return wire.now() / 100 + EPOCH_AS_FILETIME;
    }

    private byte[] random(int n) {
        return Ntlmssp.random(rng, n);
    }
}
