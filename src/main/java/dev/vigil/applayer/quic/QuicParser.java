package dev.vigil.applayer.quic;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.tls.ClientHello;
import dev.vigil.applayer.tls.JA3;
import dev.vigil.applayer.tls.JA4;
import dev.vigil.applayer.tls.ServerHello;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One QUIC flow, one datagram per call. Walks the coalesced packets of a datagram; decrypts the Initial
 * packets of both sides with keys derived from the client's first Destination Connection ID, reassembles
 * their CRYPTO streams and logs a record for the ClientHello (and the ServerHello) once complete. A Retry
 * or Version Negotiation makes the client start over with new keys: the parser follows it (a new key
 * epoch, a new ClientHello record). Google QUIC handshakes are read by {@link GoogleQuic}.
 *
 * <p>Anomalies use Suricata's QUIC event names: {@code failed_decrypt}, {@code error_on_data},
 * {@code error_on_header}, plus {@code crypto_too_long} when a hello does not fit the reassembly bound.
 */
final class QuicParser implements AppParser {
    /** Rekey attempts (a client Initial whose DCID or version differs and old keys fail) per flow. */
    static final int MAX_EPOCHS = 8;
    /** Failed decryptions reported per flow; more are counted silently (a flow of garbage stays cheap). */
    static final int MAX_DECRYPT_FAILURES = 16;
    /** 1-RTT datagrams after which a flow whose ServerHello was not read stops waiting for it. */
    static final int MAX_SHORT_WITHOUT_SERVER_HELLO = 32;

    private final AppContext ctx;
    private final LongHeader h = new LongHeader();
    private byte[] plain = new byte[1500];

    // Current key epoch: the version and DCID the Initial keys come from.
    private int epochVersion;
    private byte[] epochDcid;
    private int epochs;
    private PacketOpener clientOpener, serverOpener;
    /** Server Initial keys from a client Initial too short to decrypt, until a whole one sets the epoch. */
    private PacketOpener truncatedServerOpener;
    private int truncatedVersion;
    private final CryptoStream clientCrypto = new CryptoStream();
    private final CryptoStream serverCrypto = new CryptoStream();
    private boolean clientHelloDone, serverHelloDone;
    private boolean sawClientHello;
    private boolean versionNegotiationLogged;
    private int decryptFailures;
    /** 1-RTT (short header) packets seen after the handshake began. */
    private int shortSeen;
    private boolean giveUp;
    private final GoogleQuic gquic;

    QuicParser(AppContext ctx) {
        this.ctx = ctx;
        this.gquic = new GoogleQuic(ctx);
    }

    @Override
    public boolean done() {
        // 1-RTT packets mean the Initials are over; but a lost server Initial is sent again after some
        // (sv-quic-initial-not-first), so without its ServerHello the parser waits a few more
        return giveUp || gquic.done() || (sawClientHello && clientHelloDone
                && shortSeen > 0 && (serverHelloDone || shortSeen > MAX_SHORT_WITHOUT_SERVER_HELLO));
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (giveUp || buf == null || len <= 0 || off < 0 || off + len > buf.length) return;
        try {
            datagram(toServer, buf, off, off + len);
        } catch (RuntimeException e) {
            // Every read is bounds-checked; this guards the sensor against a check we missed.
            ctx.anomaly("error_on_data");
            giveUp = true;
        }
    }

    private void datagram(boolean toServer, byte[] b, int p, int end) {
        boolean first = true;
        while (p < end) {
            int f = b[p] & 0xff;
            if ((f & 0x80) == 0) {
                // A short header has no length: it runs to the end of the datagram. Before any long
                // header it may be a gQUIC public header instead.
                if (first && gquic.publicHeader(toServer, b, p, end)) return;
                // After a long header, bytes with the fixed bit clear are the zero padding that fills an
                // Initial datagram to 1200 bytes (RFC 9000 section 14.1), not a 1-RTT packet: taking them
                // for one ended the flow's parsing before the server's Initial (and its ServerHello) came.
                if (!first && (f & 0x40) == 0) return;
                if ((!first || sawClientHello) && shortSeen <= MAX_SHORT_WITHOUT_SERVER_HELLO) shortSeen++;
                return;
            }
            if (!h.parse(b, p, end)) {
                if (first && gquic.longHeader(toServer, b, p, end)) return;
                // Coalesced padding after the last packet is legal garbage (RFC 9000 section 12.2).
                if (first) {
                    ctx.anomaly("error_on_header");
                    truncatedClientInitial(toServer, b, p, end);
                }
                return;
            }
            first = false;
            if (h.version == QuicVersion.NEGOTIATION) {
                versionNegotiation(toServer);
                return;
            }
            if (QuicVersion.isGoogle(h.version) && gquic.longHeader(toServer, b, p, end)) return;
            if (h.type == QuicVersion.INITIAL) initial(toServer, b);
            else if (h.type == QuicVersion.RETRY) {
                // The client's next Initial uses the Retry's SCID as DCID and keys derived from it.
                return;
            }
            p = h.end;
        }
    }

    private void versionNegotiation(boolean toServer) {
        if (toServer || versionNegotiationLogged) return;
        versionNegotiationLogged = true;
        ctx.emit(new QuicRecord(true, 0, null, null, null, null, null, List.of()));
    }

    private void initial(boolean toServer, byte[] b) {
        int need = h.end - h.pnOff;
        if (plain.length < need) plain = new byte[need];
        int n = -1;
        if (toServer) {
            if (clientOpener != null && h.version == epochVersion) n = clientOpener.open(b, h.start, h.pnOff, h.end, plain);
            if (n < 0 && !sameEpoch(b) && epochs < MAX_EPOCHS && QuicVersion.initialSalt(h.version) != null) {
                PacketOpener c = new PacketOpener(InitialKeys.derive(h.version, b, h.dcidOff, h.dcidLen, true));
                n = c.open(b, h.start, h.pnOff, h.end, plain);
                if (n >= 0) newEpoch(b, c);
            }
        } else if (serverOpener != null && h.version == epochVersion) {
            n = serverOpener.open(b, h.start, h.pnOff, h.end, plain);
        } else if (serverOpener == null && truncatedServerOpener != null && h.version == truncatedVersion) {
            n = truncatedServerOpener.open(b, h.start, h.pnOff, h.end, plain);
        }
        if (n < 0) {
            if (QuicVersion.initialSalt(h.version) != null && decryptFailures++ < MAX_DECRYPT_FAILURES) {
                ctx.anomaly("failed_decrypt");
            }
            return;
        }
        CryptoStream cs = toServer ? clientCrypto : serverCrypto;
        if (!frames(plain, n, cs)) ctx.anomaly("error_on_data");
        if (toServer) {
            if (!clientHelloDone) clientHello();
        } else if (!serverHelloDone) {
            serverHello();
        }
    }

    /**
     * A client Initial cut short (a capture's snap length: tcpdump-quic_handshake_truncated) cannot be
     * decrypted, but its header still names the DCID both sides' Initial keys come from: the server's
     * Initial, when whole, can still be read (AES-GCM authenticates it, so wrong keys cannot yield a hello).
     * Only before any key epoch, and once.
     */
    private void truncatedClientInitial(boolean toServer, byte[] b, int p, int end) {
        if (!toServer || serverOpener != null || truncatedServerOpener != null || end - p < 7 || (b[p] & 0x80) == 0) return;
        if (h.version == QuicVersion.NEGOTIATION || QuicVersion.googleLegacyLayout(h.version) || h.type != QuicVersion.INITIAL) return;
        // RFC 9000 section 7.2: a client's first Destination Connection ID is at least 8 bytes
        if (h.dcidLen < 8 || h.dcidLen > LongHeader.MAX_CID || h.dcidOff + h.dcidLen > end) return;
        if (QuicVersion.initialSalt(h.version) == null) return;
        truncatedVersion = h.version;
        truncatedServerOpener = new PacketOpener(InitialKeys.derive(h.version, b, h.dcidOff, h.dcidLen, false));
    }

    private boolean sameEpoch(byte[] b) {
        return epochDcid != null && h.version == epochVersion
                && Arrays.equals(epochDcid, 0, epochDcid.length, b, h.dcidOff, h.dcidOff + h.dcidLen);
    }

    private void newEpoch(byte[] b, PacketOpener client) {
        epochs++;
        epochVersion = h.version;
        epochDcid = Arrays.copyOfRange(b, h.dcidOff, h.dcidOff + h.dcidLen);
        clientOpener = client;
        serverOpener = new PacketOpener(InitialKeys.derive(h.version, b, h.dcidOff, h.dcidLen, false));
        clientCrypto.reset();
        serverCrypto.reset();
        clientHelloDone = false;
        serverHelloDone = false;
    }

    /** Frames allowed in an Initial packet (RFC 9000 section 12.4); false on anything else or a bad length. */
    private boolean frames(byte[] f, int n, CryptoStream cs) {
        int p = 0;
        while (p < n) {
            int type = f[p] & 0xff;
            if (type == 0x00) { p++; continue; }  // PADDING
            if (type == 0x01) { p++; continue; }  // PING
            p += 1;
            switch (type) {
                case 0x02, 0x03 -> {  // ACK, ACK with ECN counts
                    p = skipVarints(f, p, n, 2);  // largest acknowledged, delay
                    if (p < 0) return false;
                    long ranges = VarInt.read(f, p, n);
                    if (ranges < 0 || ranges > n) return false;
                    p += VarInt.size(f[p]);
                    p = skipVarints(f, p, n, 1 + 2 * (int) ranges + (type == 0x03 ? 3 : 0));
                    if (p < 0) return false;
                }
                case 0x06 -> {  // CRYPTO
                    long offset = VarInt.read(f, p, n);
                    if (offset < 0) return false;
                    p += VarInt.size(f[p]);
                    long len = VarInt.read(f, p, n);
                    if (len < 0) return false;
                    p += VarInt.size(f[p]);
                    if (len > n - p) return false;
                    if (!cs.add(offset, f, p, (int) len)) ctx.anomaly("crypto_too_long");
                    p += (int) len;
                }
                case 0x1c, 0x1d -> {  // CONNECTION_CLOSE (transport, application)
                    p = skipVarints(f, p, n, type == 0x1c ? 2 : 1);
                    if (p < 0) return false;
                    long reason = VarInt.read(f, p, n);
                    if (reason < 0) return false;
                    p += VarInt.size(f[p]);
                    if (reason > n - p) return false;
                    p += (int) reason;
                }
                default -> { return false; }
            }
        }
        return true;
    }

    private static int skipVarints(byte[] f, int p, int n, int count) {
        for (int i = 0; i < count; i++) {
            if (p >= n) return -1;
            int s = VarInt.size(f[p]);
            if (s > n - p) return -1;
            p += s;
        }
        return p;
    }

    /** Length of the handshake message at the start of the stream when it is complete, else -1 (or -2: give up). */
    private int completeMessage(CryptoStream cs, int wantedType) {
        int have = cs.contiguous();
        if (have < 4) return -1;
        byte[] d = cs.bytes();
        if ((d[0] & 0xff) != wantedType) return -2;
        int len = ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
        if (len + 4 > CryptoStream.MAX_BYTES) return -2;
        return have >= len + 4 ? len : -1;
    }

    private void clientHello() {
        int len = completeMessage(clientCrypto, 1);
        if (len == -1) return;
        clientHelloDone = true;
        ClientHello ch = len < 0 ? null : ClientHello.parse(clientCrypto.bytes(), 4, len);
        if (ch == null) {
            ctx.anomaly("error_on_data");
            return;
        }
        sawClientHello = true;
        String ja3 = JA3.client(ch);
        List<QuicRecord.Extension> exts = new ArrayList<>(ch.extensionTypes().length);
        for (int t : ch.extensionTypes()) {
            List<String> values = List.of();
            if (t == 0 && ch.sni() != null) values = List.of(ch.sni());
            else if (t == 16 && !ch.alpn().isEmpty()) values = List.copyOf(ch.alpn());
            exts.add(new QuicRecord.Extension(t, values));
        }
        ctx.emit(new QuicRecord(false, epochVersion, ch.sni(), null, ja3, JA3.md5(ja3), JA4.of(ch, 'q'), exts));
    }

    private void serverHello() {
        int len = completeMessage(serverCrypto, 2);
        if (len == -1) return;
        serverHelloDone = true;
        ServerHello sh = len < 0 ? null : ServerHello.parse(serverCrypto.bytes(), 4, len);
        if (sh == null) {
            ctx.anomaly("error_on_data");
            return;
        }
        String ja3s = JA3.server(sh);
        List<QuicRecord.Extension> exts = new ArrayList<>(sh.extensionTypes().length);
        for (int t : sh.extensionTypes()) exts.add(new QuicRecord.Extension(t, List.of()));
        int version = serverOpener != null ? epochVersion : truncatedVersion;
        ctx.emit(new QuicRecord(true, version, null, null, ja3s, JA3.md5(ja3s), null, exts));
    }
}
