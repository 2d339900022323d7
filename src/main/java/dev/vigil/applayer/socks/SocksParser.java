package dev.vigil.applayer.socks;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.socks.SocksRecord.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Follows one SOCKS negotiation: SOCKS 4/4a request and reply; SOCKS 5 greeting, method choice,
 * optional username/password (RFC 1929), request and reply. Each side's bytes are kept until its next
 * message is whole (a message is at most a few hundred bytes; a side is kept to
 * {@link #MAX_KEPT}). A granted CONNECT hands the flow to detection again with the bytes that follow
 * the negotiation; a refusal, a BIND or UDP ASSOCIATE, or an authentication method other than none
 * or username/password ends the parsing. One record per flow, when the proxy answers or at the close.
 */
final class SocksParser implements AppParser {
    /** Bytes of one side kept at most: a message, plus what a client sent ahead of the proxy's answer. */
    static final int MAX_KEPT = 64 * 1024;

    private enum Step { S4_REQUEST, S4_REPLY, S5_GREETING, S5_METHOD, S5_AUTH, S5_AUTH_REPLY, S5_REQUEST, S5_REPLY, DONE }

    private final AppContext ctx;
    private final Side client = new Side(), server = new Side();
    private Step step;
    private int version;
    private String command, authMethod, user, password;
    private Endpoint request;
    private boolean logged;

    SocksParser(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (step == Step.DONE || len <= 0) return;
        Side s = toServer ? client : server;
        if (!s.add(buf, off, len)) {
            ctx.anomaly("SOCKS_MESSAGE_TOO_LONG");
            finish();
            return;
        }
        if (step == null) {
            if (client.fill == 0) return; // the client speaks first; its first byte is the version
            step = client.bytes[0] == 5 ? Step.S5_GREETING : Step.S4_REQUEST;
        }
        while (step != Step.DONE && advance()) { }
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        // a lost message leaves no way to tell where the next one starts
        if (step != Step.DONE) finish();
    }

    @Override
    public void onClose() {
        if (step != Step.DONE) finish();
    }

    @Override
    public boolean done() { return step == Step.DONE; }

    /** Parses the next message if it is whole; false when it is not (or parsing ended). */
    private boolean advance() {
        Side s = switch (step) {
            case S4_REQUEST, S5_GREETING, S5_AUTH, S5_REQUEST -> client;
            default -> server;
        };
        byte[] b = s.bytes;
        int p = s.read, len = s.fill - s.read;
        int n = switch (step) {
            case S4_REQUEST -> SocksMessages.socks4Request(b, p, len);
            case S4_REPLY -> len < 8 ? 0 : 8;
            case S5_GREETING -> SocksMessages.socks5Greeting(b, p, len);
            case S5_METHOD -> len < 2 ? 0 : 2;
            case S5_AUTH -> SocksMessages.socks5Auth(b, p, len);
            case S5_AUTH_REPLY -> len < 2 ? 0 : 2;
            case S5_REQUEST, S5_REPLY -> SocksMessages.socks5Address(b, p, len);
            case DONE -> -1;
        };
        if (n == 0) return false;
        if (n < 0) {
            ctx.anomaly("SOCKS_MALFORMED_MESSAGE");
            finish();
            return false;
        }
        s.read += n;
        switch (step) {
            case S4_REQUEST -> socks4Request(b, p, n);
            case S4_REPLY -> socks4Reply(b, p);
            case S5_GREETING -> {
                version = 5;
                step = Step.S5_METHOD;
            }
            case S5_METHOD -> socks5Method(b[p + 1] & 0xFF);
            case S5_AUTH -> {
                int u = b[p + 1] & 0xFF;
                user = ascii(b, p + 2, u);
                password = ascii(b, p + 3 + u, b[p + 2 + u] & 0xFF);
                step = Step.S5_AUTH_REPLY;
            }
            case S5_AUTH_REPLY -> {
                if (b[p + 1] == 0) step = Step.S5_REQUEST;
                else end("authentication_failed", null);
            }
            case S5_REQUEST -> {
                command = command(b[p + 1] & 0xFF);
                request = endpoint(b, p);
                step = Step.S5_REPLY;
            }
            case S5_REPLY -> {
                int rep = b[p + 1] & 0xFF;
                log(rep < REPLIES.length ? REPLIES[rep] : Integer.toString(rep), endpoint(b, p));
                if (rep == 0) tunnel();
                end(null, null);
            }
            case DONE -> { }
        }
        return true;
    }

    private void socks4Request(byte[] b, int p, int n) {
        version = 4;
        command = command(b[p + 1] & 0xFF);
        int port = SocksMessages.u16(b, p + 2);
        int userEnd = p + 8;
        while (b[userEnd] != 0) userEnd++;
        if (userEnd > p + 8) user = ascii(b, p + 8, userEnd - (p + 8));
        boolean socks4a = userEnd + 1 < p + n;
        request = socks4a ? new Endpoint(null, ascii(b, userEnd + 1, p + n - userEnd - 2), port)
                : new Endpoint(ipv4(b, p + 4), null, port);
        step = Step.S4_REPLY;
    }

    private void socks4Reply(byte[] b, int p) {
        int cd = b[p + 1] & 0xFF;
        String status = switch (cd) {
            case 0x5a -> "succeeded";
            case 0x5b -> "rejected";
            case 0x5c -> "identd_unreachable";
            case 0x5d -> "identd_mismatch";
            default -> Integer.toString(cd);
        };
        log(status, new Endpoint(ipv4(b, p + 4), null, SocksMessages.u16(b, p + 2)));
        if (cd == 0x5a) tunnel();
        end(null, null);
    }

    private void socks5Method(int m) {
        authMethod = switch (m) {
            case 0 -> "none";
            case 1 -> "gssapi";
            case 2 -> "username_password";
            case 0xFF -> "no_acceptable_methods";
            default -> Integer.toString(m);
        };
        if (m == 0) step = Step.S5_REQUEST;
        else if (m == 2) step = Step.S5_AUTH;
        // GSSAPI and private methods may encapsulate what follows: nothing more can be read
        else end(m == 0xFF ? "no_acceptable_methods" : null, null);
    }

    static final String[] REPLIES = {"succeeded", "general_failure", "not_allowed", "network_unreachable",
            "host_unreachable", "connection_refused", "ttl_expired", "command_not_supported", "address_type_not_supported"};

    private static String command(int cmd) {
        return switch (cmd) {
            case 1 -> "connect";
            case 2 -> "bind";
            case 3 -> "udp_associate";
            default -> Integer.toString(cmd);
        };
    }

    /** A CONNECT the proxy granted: what follows is the proxied protocol, detected again. */
    private void tunnel() {
        if (!"connect".equals(command) || !ctx.changeProtocol(null)) return;
        if (client.fill > client.read) ctx.handOver(true, client.bytes, client.read, client.fill - client.read);
        if (server.fill > server.read) ctx.handOver(false, server.bytes, server.read, server.fill - server.read);
    }

    private void finish() {
        end(null, null);
    }

    /** Parsing ends: the record is logged (if it was not) and the kept bytes are let go. */
    private void end(String status, Endpoint bound) {
        log(status, bound);
        step = Step.DONE;
        client.free();
        server.free();
    }

    private void log(String status, Endpoint bound) {
        if (logged || version == 0) return;
        logged = true;
        ctx.emit(new SocksRecord(version, command, authMethod, user, password, request, status, bound));
    }

    private static Endpoint endpoint(byte[] b, int p) {
        int port;
        return switch (b[p + 3]) {
            case 1 -> new Endpoint(ipv4(b, p + 4), null, SocksMessages.u16(b, p + 8));
            case 3 -> {
                int l = b[p + 4] & 0xFF;
                port = SocksMessages.u16(b, p + 5 + l);
                yield new Endpoint(null, ascii(b, p + 5, l), port);
            }
            default -> new Endpoint(ipv6(b, p + 4), null, SocksMessages.u16(b, p + 20));
        };
    }

    private static String ipv4(byte[] b, int p) {
        return (b[p] & 0xFF) + "." + (b[p + 1] & 0xFF) + "." + (b[p + 2] & 0xFF) + "." + (b[p + 3] & 0xFF);
    }

    private static String ipv6(byte[] b, int p) {
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) sb.append(':');
            sb.append(String.format("%02x%02x", b[p + i], b[p + i + 1]));
        }
        return sb.toString();
    }

    private static String ascii(byte[] b, int p, int n) {
        return new String(b, p, n, StandardCharsets.ISO_8859_1);
    }

    /** The bytes one side sent that are not parsed yet. */
    private static final class Side {
        byte[] bytes = new byte[64];
        int read, fill;

        /** False when the side would hold more than {@link #MAX_KEPT} bytes. */
        boolean add(byte[] b, int off, int len) {
            if (read > 0 && read == fill) read = fill = 0;
            if (fill + len > MAX_KEPT) return false;
            if (fill + len > bytes.length) bytes = Arrays.copyOf(bytes, Math.min(MAX_KEPT, Math.max(fill + len, bytes.length * 2)));
            System.arraycopy(b, off, bytes, fill, len);
            fill += len;
            return true;
        }

        void free() {
            bytes = new byte[0];
            read = fill = 0;
        }
    }
}
