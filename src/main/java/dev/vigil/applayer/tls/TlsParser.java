package dev.vigil.applayer.tls;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Parses the clear-text part of a TLS session over TCP: records per direction, handshake messages
 * reassembled across records, ClientHello, ServerHello and (TLS up to 1.2) Certificate. Once both
 * directions have switched to encrypted records (ChangeCipherSpec or application data) the session's
 * {@code tls} record is logged and the parser is {@link #done()}: nothing after that is worth the work.
 */
public final class TlsParser implements AppParser {
    /** Largest TLSCiphertext fragment RFC 8446/5246 allow (2^14 + 2048); beyond is an overflow. */
    static final int MAX_RECORD = 16384 + 2048;
    /** Largest handshake message buffered: certificate chains are the large ones. */
    static final int MAX_HANDSHAKE = 256 * 1024;
    /** Certificates parsed per direction; the rest of a longer chain is skipped. */
    static final int MAX_CERTS = 10;

    static final int CHANGE_CIPHER_SPEC = 20, ALERT = 21, HANDSHAKE = 22, APPLICATION_DATA = 23, HEARTBEAT = 24;
    static final int HT_CLIENT_HELLO = 1, HT_SERVER_HELLO = 2, HT_CERTIFICATE = 11;

    /** HelloRetryRequest is a ServerHello with this fixed random (RFC 8446 4.1.3). */
    private static final byte[] HRR_RANDOM = java.util.HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    private final AppContext ctx;
    private final TlsLogOptions options;
    private final Side client = new Side(true), server = new Side(false);
    private ClientHello clientHello;
    private ServerHello serverHello;
    private final List<TlsCertificate> serverCerts = new ArrayList<>(2), clientCerts = new ArrayList<>(0);
    private int sslv2Version;
    private Consumer<Object> hellos;
    private boolean logged, stopped;
    /** The rules that alerted on this session's inspections so far (shared by them); null until one. */
    private java.util.BitSet alerted;

    public TlsParser(AppContext ctx) {
        this(ctx, TlsLogOptions.DEFAULT);
    }

    public TlsParser(AppContext ctx, TlsLogOptions options) {
        this.ctx = ctx;
        this.options = options;
    }

    /** One direction's record and handshake reassembly state. */
    private final class Side {
        final boolean toServer;
        final byte[] hdr = new byte[5];
        int hdrFill;
        int recType, recRemaining;
        /** Handshake bytes of an incomplete message, carried to the next record or call. */
        byte[] hs = new byte[0];
        int hsLen;
        boolean firstRecord = true, encrypted, broken;
        /** SSLv2 record body being collected (first record only). */
        byte[] v2;
        int v2Need, v2Fill;
        /** The version this side announces ({@code tls.version}), and whether its hello has set it. */
        int version;
        boolean helloSeen;

        Side(boolean toServer) {
            this.toServer = toServer;
        }
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (stopped || len <= 0) return;
        Side s = toServer ? client : server;
        if (s.broken) return;
        int end = off + len;
        while (off < end && !stopped && !s.broken) {
            if (s.v2 != null) {
                off = sslv2Body(s, buf, off, end);
                continue;
            }
            if (s.recRemaining == 0 && s.hdrFill < 5) {
                if (s.hdrFill == 0 && s.firstRecord && (buf[off] & 0x80) != 0) {
                    off = sslv2Start(s, buf, off, end);
                    continue;
                }
                int n = Math.min(5 - s.hdrFill, end - off);
                System.arraycopy(buf, off, s.hdr, s.hdrFill, n);
                s.hdrFill += n;
                off += n;
                if (s.hdrFill < 5) return;
                if (!recordHeader(s)) return;
                if (s.recRemaining == 0) { s.hdrFill = 0; continue; }
            }
            int take = Math.min(s.recRemaining, end - off);
            recordBody(s, buf, off, take);
            off += take;
            s.recRemaining -= take;
            if (s.recRemaining == 0) {
                s.hdrFill = 0;
                checkHandshakeDone();
            }
        }
    }

    /** Validates the 5-byte header; false when the direction cannot be parsed any more. */
    private boolean recordHeader(Side s) {
        int type = s.hdr[0] & 0xff;
        int version = TlsExt.u16(s.hdr, 1);
        int length = TlsExt.u16(s.hdr, 3);
        s.firstRecord = false;
        if (type < CHANGE_CIPHER_SPEC || type > HEARTBEAT) {
            giveUp(s, "INVALID_RECORD_TYPE");
            return false;
        }
        if ((version >> 8) != 3 || (version & 0xff) > 4) {
            giveUp(s, "INVALID_RECORD_VERSION");
            return false;
        }
        if (length > MAX_RECORD) {
            giveUp(s, "INVALID_RECORD_LENGTH");
            return false;
        }
        s.recType = type;
        s.recRemaining = length;
        // until its hello, a side's version is its latest record's (Suricata's tls.version before a hello)
        if (!s.helloSeen || s.version == 0) announce(s, version);
        // Up to TLS 1.2 ChangeCipherSpec follows the ServerHello. One before it (or around a HelloRetryRequest)
        // is TLS 1.3's middlebox-compatibility record: it changes nothing, a second ClientHello may follow in clear.
        boolean keysAgreed = serverHello != null && !serverHello.helloRetry;
        if (type == APPLICATION_DATA || (type == CHANGE_CIPHER_SPEC && keysAgreed)) s.encrypted = true;
        if (type == HEARTBEAT) ctx.anomaly("HEARTBEAT_MESSAGE");
        return true;
    }

    private void recordBody(Side s, byte[] b, int off, int len) {
        if (s.recType != HANDSHAKE || s.encrypted || len == 0) return;
        handshakeBytes(s, b, off, len);
    }

    /**
     * Feeds handshake-protocol bytes; complete messages are parsed straight from {@code b} when nothing is
     * carried over, else from the carry buffer, which holds at most one message ({@link #MAX_HANDSHAKE}).
     */
    private void handshakeBytes(Side s, byte[] b, int off, int len) {
        int end = off + len;
        while (off < end && !s.broken && !s.encrypted) {
            if (s.hsLen == 0) {
                if (end - off >= 4) {
                    int msgLen = TlsExt.u24(b, off + 1);
                    if (msgLen > MAX_HANDSHAKE) {
                        giveUp(s, "HANDSHAKE_INVALID_LENGTH");
                        return;
                    }
                    if (end - off >= 4 + msgLen) {
                        message(s, b[off] & 0xff, b, off + 4, msgLen);
                        off += 4 + msgLen;
                        continue;
                    }
                }
                carry(s, b, off, end - off);
                return;
            }
            // complete the carried message's header, then its body
            if (s.hsLen < 4) {
                int n = Math.min(4 - s.hsLen, end - off);
                carry(s, b, off, n);
                off += n;
                if (s.hsLen < 4) return;
            }
            int msgLen = TlsExt.u24(s.hs, 1);
            if (msgLen > MAX_HANDSHAKE) {
                giveUp(s, "HANDSHAKE_INVALID_LENGTH");
                return;
            }
            int n = Math.min(4 + msgLen - s.hsLen, end - off);
            carry(s, b, off, n);
            off += n;
            if (s.hsLen == 4 + msgLen) {
                s.hsLen = 0;
                message(s, s.hs[0] & 0xff, s.hs, 4, msgLen);
                if (s.hs.length > 4096) s.hs = new byte[0]; // a large certificate buffer is not kept for the session
            }
        }
    }

    private void carry(Side s, byte[] b, int off, int n) {
        if (s.hsLen + n > s.hs.length) s.hs = Arrays.copyOf(s.hs, Math.max(s.hsLen + n, Math.min(2 * s.hs.length + 256, MAX_HANDSHAKE + 4)));
        System.arraycopy(b, off, s.hs, s.hsLen, n);
        s.hsLen += n;
    }

    private void message(Side s, int type, byte[] b, int off, int len) {
        switch (type) {
            case HT_CLIENT_HELLO -> {
                if (!s.toServer) { ctx.anomaly("INVALID_HANDSHAKE_MESSAGE"); return; }
                ClientHello ch = ClientHello.parse(b, off, len);
                if (ch == null) { ctx.anomaly("INVALID_HANDSHAKE_MESSAGE"); return; }
                if (hellos != null) hellos.accept(ch);
                s.helloSeen = true;
                announce(s, clientVersion(ch));
                // after a HelloRetryRequest the client sends a second ClientHello; the first is the fingerprint
                if (clientHello == null) {
                    clientHello = ch;
                    inspectSoFar();
                }
            }
            case HT_SERVER_HELLO -> {
                if (s.toServer) { ctx.anomaly("INVALID_HANDSHAKE_MESSAGE"); return; }
                ServerHello sh = ServerHello.parse(b, off, len);
                if (sh == null) { ctx.anomaly("INVALID_HANDSHAKE_MESSAGE"); return; }
                sh.helloRetry = len >= 34 && Arrays.equals(b, off + 2, off + 34, HRR_RANDOM, 0, 32);
                s.helloSeen = true;
                announce(s, sh.selectedVersion() != 0 ? sh.selectedVersion() : TlsVersion.fromHelloField(sh.legacyVersion()));
                if (hellos != null) hellos.accept(sh);
                if (serverHello != null && serverHello.helloRetry) {
                    sh.retried = serverHello.retried != null ? serverHello.retried : serverHello;
                    serverHello = sh;
                } else if (serverHello == null) {
                    serverHello = sh;
                }
                // TLS 1.3 encrypts everything after the ServerHello (a HelloRetryRequest is followed by another ServerHello)
                if (!sh.helloRetry && sh.version() >= 0x0304) s.encrypted = true;
            }
            case HT_CERTIFICATE -> {
                certificates(s, b, off, len);
                if (!s.toServer && !serverCerts.isEmpty()) inspectSoFar();
            }
            default -> { }
        }
    }

    /** The client's version: its preferred supported_versions entry, else its hello's version field. */
    private static int clientVersion(ClientHello ch) {
        for (int v : ch.supportedVersions()) if (TlsVersion.valid(v)) return v;
        return TlsVersion.fromHelloField(ch.legacyVersion());
    }

    private void announce(Side s, int version) {
        if (s.version == version) return;
        s.version = version;
        ctx.tlsVersion(s.toServer, version);
    }

    private void certificates(Side s, byte[] b, int off, int len) {
        List<TlsCertificate> out = s.toServer ? clientCerts : serverCerts;
        if (!out.isEmpty()) return;
        if (len < 3 || 3 + TlsExt.u24(b, off) != len) {
            ctx.anomaly("CERTIFICATE_INVALID_LENGTH");
            return;
        }
        int p = off + 3, end = off + len;
        while (p < end && out.size() < MAX_CERTS) {
            if (p + 3 > end) { ctx.anomaly("CERTIFICATE_INVALID_LENGTH"); return; }
            int l = TlsExt.u24(b, p);
            p += 3;
            if (p + l > end) { ctx.anomaly("CERTIFICATE_INVALID_LENGTH"); return; }
            TlsCertificate c = TlsCertificate.parse(b, p, l, s.toServer ? options.keepsClientDer() : options.keepsServerDer());
            if (c == null) {
                ctx.anomaly("CERTIFICATE_INVALID_DER");
                return;
            }
            out.add(c);
            p += l;
        }
    }

    /** An SSLv2 record (2-byte header, high bit set) opening a direction: only a CLIENT-HELLO is parsed. */
    private int sslv2Start(Side s, byte[] b, int off, int end) {
        if (end - off < 2) {
            // too little to read the length: carry the byte through the ordinary header buffer next time
            s.v2 = new byte[2];
            s.v2Need = -1;
            s.v2[0] = b[off];
            s.v2Fill = 1;
            return end;
        }
        int l = ((b[off] & 0x7f) << 8) | (b[off + 1] & 0xff);
        s.firstRecord = false;
        announce(s, 0x0002);
        s.v2 = new byte[l];
        s.v2Need = l;
        s.v2Fill = 0;
        return off + 2;
    }

    private int sslv2Body(Side s, byte[] b, int off, int end) {
        if (s.v2Need < 0) {
            int l = ((s.v2[0] & 0x7f) << 8) | (b[off] & 0xff);
            announce(s, 0x0002);
            s.v2 = new byte[l];
            s.v2Need = l;
            s.v2Fill = 0;
            return off + 1;
        }
        int n = Math.min(s.v2Need - s.v2Fill, end - off);
        System.arraycopy(b, off, s.v2, s.v2Fill, n);
        s.v2Fill += n;
        off += n;
        if (s.v2Fill < s.v2Need) return off;
        byte[] body = s.v2;
        s.v2 = null;
        if (s.toServer && body.length > 0 && body[0] == 1) {
            ClientHello ch = ClientHello.parseSslv2(body, 0, body.length);
            if (ch == null) ctx.anomaly("INVALID_SSLV2_HEADER");
            else {
                if (hellos != null) hellos.accept(ch);
                s.helloSeen = true;
                announce(s, ch.legacyVersion());
                if (clientHello == null) clientHello = ch;
            }
        } else if (!s.toServer && body.length > 0 && body[0] == 4) {
            // SSLv2 SERVER-HELLO: an SSLv2 session; nothing after it is parsed
            sslv2Version = 0x0002;
            s.encrypted = true;
            client.encrypted = true;
            checkHandshakeDone();
        } else {
            giveUp(s, "INVALID_SSLV2_HEADER");
        }
        return off;
    }

    private void checkHandshakeDone() {
        if (client.encrypted && server.encrypted && !stopped) {
            log();
            stopped = true;
            ctx.encrypted();
        }
    }

    /** This direction cannot be parsed any more; with both directions lost, the parser stops. */
    private void giveUp(Side s, String event) {
        ctx.anomaly(event);
        s.broken = true;
        Side other = s == client ? server : client;
        if (other.broken || other.encrypted) {
            log();
            stopped = true;
        }
    }

    private void log() {
        if (logged) return;
        if (clientHello == null && serverHello == null && serverCerts.isEmpty()) return;
        logged = true;
        ctx.emit(new TlsRecord(clientHello, serverHello, List.copyOf(serverCerts), List.copyOf(clientCerts), version(), options, alerted));
    }

    /**
     * Signatures see the session as far as it has come (the ClientHello's SNI and fingerprints, then the
     * server's certificates) on the packet that brought it, as Suricata inspects a TLS transaction in
     * progress; the logged record is inspected once more, a rule alerting once for all of them.
     */
    private void inspectSoFar() {
        if (logged || !ctx.inspectsTransactions()) return;
        if (alerted == null) alerted = new java.util.BitSet();
        ctx.inspect(new TlsRecord(clientHello, serverHello, List.copyOf(serverCerts), List.copyOf(clientCerts), version(), options, alerted));
    }

    private String version() {
        if (serverHello != null) {
            int v = serverHello.selectedVersion() != 0 ? serverHello.selectedVersion() : TlsVersion.fromHelloField(serverHello.legacyVersion());
            return TlsVersion.name(v);
        }
        if (sslv2Version != 0) return TlsVersion.name(sslv2Version);
        // no ServerHello: Suricata names the version the client offered
        if (clientHello != null) return TlsVersion.name(clientHello.sslv2() ? 0x0002 : TlsVersion.fromHelloField(clientHello.legacyVersion()));
        return "UNDETERMINED";
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        // record boundaries are lost in this direction
        Side s = toServer ? client : server;
        if (!s.encrypted && !s.broken) {
            s.broken = true;
            Side other = s == client ? server : client;
            if (other.broken || other.encrypted) {
                log();
                stopped = true;
            }
        }
    }

    @Override
    public void onClose() {
        log();
        stopped = true;
    }

    @Override
    public boolean done() {
        return stopped;
    }

    /** For the tests: every ClientHello/ServerHello seen, in order. */
    void observe(Consumer<Object> hellos) {
        this.hellos = hellos;
    }
}
