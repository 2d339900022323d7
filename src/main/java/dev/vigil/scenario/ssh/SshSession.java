package dev.vigil.scenario.ssh;

import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Wire;
import java.io.ByteArrayOutputStream;
import java.util.random.RandomGenerator;

/**
 * One SSH-2 connection over an open TCP conversation: identification strings, KEXINIT both ways, an
 * ECDH-style key exchange, NEWKEYS, then the encrypted rest, of which only packet sizes and timing are
 * real: user authentication, a session channel and what happens in it, per {@link SshOutcome}. The
 * connection is closed at the end (by the server after a disconnect, else by the client).
 */
public final class SshSession {
    private static final int MSG_KEXINIT = 20, MSG_NEWKEYS = 21;
    /** Payload of USERAUTH_FAILURE listing "publickey,password". */
    private static final int AUTH_FAILURE = 1 + 4 + "publickey,password".length() + 1;
    private static final int CHANNEL_DATA_OVERHEAD = 1 + 4 + 4;
    /** A server's output is sent in packets of at most this payload (OpenSSH's channel packet size). */
    /** Channel data per packet so packet, padding and MAC fit one 1460-byte segment whatever the cipher. */
    private static final int SEGMENT_DATA = 1_360;

    private final TcpConversation conn;
    private final Wire wire;
    private final RandomGenerator rng;
    private final SshSoftware client, server;
    private SshTransport toServer = SshTransport.CLEAR, toClient = SshTransport.CLEAR;

    private SshSession(TcpConversation conn, SshSoftware client, SshSoftware server) {
        this.conn = conn;
        this.wire = conn.wire();
        this.rng = wire.rng();
        this.client = client;
        this.server = server;
    }

    /** Plays the whole connection on {@code conn} (already open) and closes it. */
    public static void play(TcpConversation conn, SshSoftware client, SshSoftware server, SshOutcome outcome) {
        SshSession s = new SshSession(conn, client, server);
        s.keyExchange();
        s.userAuthService();
        switch (outcome) {
            case SshOutcome.Interactive i -> s.interactive(i);
            case SshOutcome.FailedAuth f -> s.failedAuth(f);
            case SshOutcome.ShortSession c -> s.shortSession(c);
        }
    }

    private void keyExchange() {
        String kex = SshSoftware.negotiate(client.kex(), server.kex());
        String hostKey = SshSoftware.negotiate(client.hostKey(), server.hostKey());
        if (!SshKeyExchange.supported(kex)) throw new IllegalArgumentException("negotiated key exchange " + kex + " is not generated");
        // both sides list the same algorithms for both directions, so one transport describes both
        SshTransport keyed = SshTransport.of(SshSoftware.negotiate(client.ciphers(), server.ciphers()), SshSoftware.negotiate(client.macs(), server.macs()));
        // sshd speaks first; the client answers with its own line as soon as it reads the server's
        conn.fromServer(SshKeyExchange.ascii(server.identification() + "\r\n"));
        wire.thinkMillis(0.2, 2);
        conn.fromClient(SshKeyExchange.ascii(client.identification() + "\r\n"));
        wire.thinkMillis(0.1, 1);
        conn.fromClient(SshTransport.CLEAR.clear(kexinit(client), rng));
        wire.thinkMillis(0.1, 0.5);
        conn.fromServer(SshTransport.CLEAR.clear(kexinit(server), rng));

        wire.thinkMillis(0.2, 2); // the client makes its ephemeral key
        conn.fromClient(SshTransport.CLEAR.clear(SshKeyExchange.init(kex, rng), rng));
        wire.thinkMillis(0.3, 1.5);
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        reply.writeBytes(SshTransport.CLEAR.clear(SshKeyExchange.reply(kex, hostKey, conn.server().ip(), rng), rng));
        reply.writeBytes(SshTransport.CLEAR.clear(new byte[] {MSG_NEWKEYS}, rng));
        toClient = keyed;
        if (client.kex().contains("ext-info-c") && server.identification().contains("OpenSSH")) {
            // EXT_INFO with server-sig-algs (and publickey-hostbound on OpenSSH 8.9+) follows NEWKEYS at once
            reply.writeBytes(toClient.encrypted(290, rng));
        }
        conn.fromServer(reply.toByteArray());
        wire.thinkMillis(0.5, 3); // the client verifies the host key against known_hosts
        conn.fromClient(SshTransport.CLEAR.clear(new byte[] {MSG_NEWKEYS}, rng));
        toServer = keyed;
    }

    private byte[] kexinit(SshSoftware sw) {
        SshBuffer b = new SshBuffer().u8(MSG_KEXINIT).bytes(SshKeyExchange.random(rng, 16));
        for (String list : sw.nameLists()) b.string(list);
        return b.u8(0).u32(0).toBytes();
    }

    /** SERVICE_REQUEST / ACCEPT for ssh-userauth, then the "none" method probe every client starts with. */
    private void userAuthService() {
        wire.thinkMillis(0.05, 0.5);
        toServer(1 + 4 + "ssh-userauth".length());
        wire.thinkMillis(0.05, 0.3);
        toClient(1 + 4 + "ssh-userauth".length());
    }

    private void noneProbe(String user) {
        wire.thinkMillis(0.05, 0.5);
        toServer(1 + 4 + user.length() + 4 + "ssh-connection".length() + 4 + "none".length());
        wire.thinkMillis(0.1, 1);
        toClient(AUTH_FAILURE);
    }

    private int passwordRequest(String user) {
        int password = 8 + rng.nextInt(9);
        return 1 + 4 + user.length() + 4 + "ssh-connection".length() + 4 + "password".length() + 1 + 4 + password;
    }

    private void failedAuth(SshOutcome.FailedAuth f) {
        noneProbe(f.user());
        for (int i = 0; i < f.attempts(); i++) {
            wire.thinkMillis(5, 60); // a tool's next guess
            toServer(passwordRequest(f.user()));
            // PAM's fail delay before the refusal
            wire.thinkMillis(1800, 2600);
            toClient(AUTH_FAILURE);
        }
        wire.thinkMillis(0.1, 1);
        String reason = "Too many authentication failures";
        toClient(1 + 4 + 4 + reason.length() + 4);
        conn.closeByServer();
    }

    /** Password accepted, OpenSSH's host key announcement, a session channel opened. */
    private void login(String user) {
        noneProbe(user);
        wire.thinkMillis(user.isEmpty() ? 1 : 5, 40);
        toServer(passwordRequest(user));
        wire.thinkMillis(15, 80);
        if (server.identification().contains("OpenSSH")) {
            // USERAUTH_SUCCESS, then hostkeys-00@openssh.com with the server's public keys
            toClient(1, 1 + 4 + "hostkeys-00@openssh.com".length() + 1 + 4 + 51 + 4 + 104 + 4 + 407);
        } else {
            toClient(1);
        }
        wire.thinkMillis(0.1, 1);
        toServer(1 + 4 + "session".length() + 4 + 4 + 4);
        wire.thinkMillis(0.1, 1);
        toClient(1 + 4 + 4 + 4 + 4);
    }

    private void interactive(SshOutcome.Interactive s) {
        login(s.user());
        wire.thinkMillis(0.1, 1);
        // pty-req with xterm-256color and the terminal modes, env LANG, shell
        toServer(1 + 4 + 4 + 7 + 1 + 4 + 14 + 16 + 4 + 256, 1 + 4 + 4 + 3 + 1 + 4 + 4 + 4 + 11, 1 + 4 + 4 + 5 + 1);
        wire.thinkMillis(1, 5);
        toClient(1 + 4 + 4, 1 + 4, 1 + 4);
        wire.thinkMillis(20, 80); // login shell starts: motd and the prompt
        serverOutput(600 + rng.nextInt(1400));
        long mean = s.durationNanos() / s.keystrokes();
        int untilEnter = 4 + rng.nextInt(12);
        for (int k = 0; k < s.keystrokes(); k++) {
            wire.advance((long) (mean * (0.2 + 1.6 * rng.nextDouble())));
            toServer(CHANNEL_DATA_OVERHEAD + 1);
            wire.thinkMillis(0.05, 0.4);
            if (--untilEnter > 0) {
                toClient(CHANNEL_DATA_OVERHEAD + 1);
            } else {
                toClient(CHANNEL_DATA_OVERHEAD + 2);
                wire.thinkMillis(1, 40);
                serverOutput(30 + rng.nextInt(2000));
                untilEnter = 4 + rng.nextInt(12);
            }
        }
        // "logout", exit-status, EOF, CLOSE; the client's CLOSE
        wire.thinkMillis(0.5, 3);
        toClient(CHANNEL_DATA_OVERHEAD + 8, 1 + 4 + 4 + "exit-status".length() + 1 + 4, 1 + 4, 1 + 4);
        wire.thinkMillis(0.1, 1);
        toServer(1 + 4);
        conn.close();
    }

    private void shortSession(SshOutcome.ShortSession s) {
        login(s.user());
        wire.thinkMillis(0.1, 1);
        toServer(1 + 4 + 4 + "exec".length() + 1 + 4 + s.command().length());
        wire.thinkMillis(1, 5);
        toClient(1 + 4 + 4, 1 + 4);
        wire.thinkMillis(2, 50);
        serverOutput(s.outputBytes());
        toClient(1 + 4 + 4 + "exit-status".length() + 1 + 4, 1 + 4, 1 + 4);
        wire.thinkMillis(0.1, 1);
        toServer(1 + 4);
        conn.close();
    }

    /**
     * {@code bytes} of channel data from the server, each packet small enough for one TCP segment:
     * with the packet length encrypted, a dissector cannot find packet boundaries inside a segment
     * (tshark 4.0 reports such segments as malformed), and sshd writes terminal output in small
     * packets anyway.
     */
    private void serverOutput(int bytes) {
        for (int off = 0; off < bytes; off += SEGMENT_DATA) toClient(CHANNEL_DATA_OVERHEAD + Math.min(SEGMENT_DATA, bytes - off));
    }

    private void toServer(int... payloads) {
        conn.fromClient(packets(toServer, payloads));
    }

    private void toClient(int... payloads) {
        conn.fromServer(packets(toClient, payloads));
    }

    private byte[] packets(SshTransport t, int[] payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int p : payloads) out.writeBytes(t.encrypted(p, rng));
        return out.toByteArray();
    }
}
