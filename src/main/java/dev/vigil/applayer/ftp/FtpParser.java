package dev.vigil.applayer.ftp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One FTP control connection: a transaction per command, closed by its first reply that is not
 * preliminary (1xx), logged as an {@code ftp} record; the server's greeting is a transaction without a
 * command. The data connections that PORT, EPRT, PASV and EPSV announce are kept, with the transfer
 * command that used each, in {@link #dataChannels()} (and given to {@link #onDataChannel} listeners),
 * for linking ftp-data flows; each one a transfer command uses becomes an expectation
 * ({@link AppContext#expect}) that makes the data connection an {@code ftp-data} flow. An accepted AUTH TLS/SSL ends the parse: the rest is TLS, handed to the
 * dispatcher ({@link AppContext#changeProtocol}) so that its handshake is parsed, as Suricata does
 * (flow {@code app_proto} tls, {@code app_proto_orig} ftp).
 */
public final class FtpParser implements AppParser {
    /** Suricata's default FTP line limit. */
    static final int MAX_LINE = 4096;
    /** Commands awaiting a reply; past this the oldest is logged as unanswered. */
    static final int MAX_PENDING = 64;
    /** Reply lines kept per transaction (a FEAT or HELP reply may be long). */
    static final int MAX_REPLY_LINES = 64;
    /** Announced data channels kept. */
    static final int MAX_CHANNELS = 64;

    private final AppContext ctx;
    private final LineReader commands = new LineReader(MAX_LINE);
    private final LineReader replies = new LineReader(MAX_LINE);
    private final ArrayDeque<Tx> pending = new ArrayDeque<>();
    private final List<DataChannel> channels = new ArrayList<>();
    private int unusedChannel = -1;
    private Consumer<DataChannel> channelListener;
    private Tx greeting;
    private boolean greeted;
    private String multiLineCode;
    private long nextTxId;
    private boolean done;
    /** AUTH was accepted and the dispatcher takes the flow: the rest of the current buffer is TLS. */
    private boolean tlsFollows;

    FtpParser(AppContext ctx) {
        this.ctx = ctx;
    }

    private static final class Tx {
        final long id;
        final String command, data;
        final boolean truncated;
        final List<String> codes = new ArrayList<>(), replies = new ArrayList<>();
        boolean replyTruncated, replied;
        Integer port;
        Boolean passive;

        Tx(long id, String command, String data, boolean truncated) {
            this.id = id;
            this.command = command;
            this.data = data;
            this.truncated = truncated;
        }
    }

    /** The data connections announced so far (the latest {@value #MAX_CHANNELS}), oldest first. */
    public List<DataChannel> dataChannels() { return List.copyOf(channels); }

    /** Called with each data channel when announced, and again once a transfer command uses it. */
    public void onDataChannel(Consumer<DataChannel> listener) { this.channelListener = listener; }

    @Override public boolean done() { return done; }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (done) return;
        int p = off, end = off + len;
        LineReader r = toServer ? commands : replies;
        while (p < end && !done) {
            p = r.next(buf, p, end);
            if (!r.ready) continue;
            if (toServer) command(r.b, r.off, r.lineLen, r.truncated);
            else reply(r.b, r.off, r.lineLen, r.truncated);
        }
        if (tlsFollows) {
            tlsFollows = false;
            ctx.handOver(toServer, buf, p, end - p);
        }
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        // lines resynchronise at the next line break; a reply cut in the middle still closes its command
        if (!toServer) multiLineCode = null;
    }

    @Override
    public void onClose() {
        if (greeting != null) log(greeting);
        greeting = null;
        while (!pending.isEmpty()) log(pending.poll());
        done = true;
    }

    private void command(byte[] b, int off, int len, boolean truncated) {
        if (truncated) ctx.anomaly("request_command_too_long");
        if (greeting != null) { log(greeting); greeting = null; }
        int sp = off;
        while (sp < off + len && b[sp] != ' ') sp++;
        String verb = new String(b, off, sp - off, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        String data = sp < off + len ? new String(b, sp + 1, off + len - sp - 1, StandardCharsets.ISO_8859_1) : null;
        if (verb.isEmpty() && data == null) return; // an empty line is no command
        Tx tx = new Tx(nextTxId++, verb, data, truncated);
        switch (verb) {
            case "PORT" -> {
                int[] hp = hostPort(data);
                if (hp != null) announce(tx, false, hp[0] + "." + hp[1] + "." + hp[2] + "." + hp[3], hp[4]);
            }
            case "EPRT" -> eprt(tx, data);
            case "RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD" -> useChannel(verb, data);
            default -> { }
        }
        if (pending.size() == MAX_PENDING) log(pending.poll());
        pending.add(tx);
    }

    private void reply(byte[] b, int off, int len, boolean truncated) {
        if (truncated) ctx.anomaly("response_command_too_long");
        boolean coded = len >= 3 && digit(b[off]) && digit(b[off + 1]) && digit(b[off + 2])
                && (len == 3 || b[off + 3] == ' ' || b[off + 3] == '-');
        String code = coded ? new String(b, off, 3, StandardCharsets.ISO_8859_1) : null;
        boolean more;
        if (multiLineCode != null) {
            // RFC 959 4.2: a multi-line reply ends at the line that starts with its code and a space
            more = !(coded && code.equals(multiLineCode) && (len == 3 || b[off + 3] == ' '));
        } else if (coded) {
            more = len > 3 && b[off + 3] == '-';
        } else {
            ctx.anomaly("invalid_response");
            more = false;
        }
        multiLineCode = more ? (multiLineCode != null ? multiLineCode : code) : null;

        Tx tx = pending.peek();
        if (tx == null) {
            if (greeting == null) {
                if (greeted && coded) ctx.anomaly("invalid_response"); // an unsolicited reply
                greeting = new Tx(nextTxId++, null, null, false);
            }
            tx = greeting;
        }
        if (tx.codes.size() + tx.replies.size() < 2 * MAX_REPLY_LINES) {
            if (coded) tx.codes.add(code);
            int textFrom = coded ? Math.min(len, 4) : 0;
            if (len > textFrom) tx.replies.add(new String(b, off + textFrom, len - textFrom, StandardCharsets.ISO_8859_1));
        }
        tx.replyTruncated |= truncated;
        tx.replied = true;
        if (more) return;
        if (tx == greeting) {
            greeted = true;
            log(greeting);
            greeting = null;
            return;
        }
        if (coded && tx.command != null) passiveReply(tx, code, b, off, len);
        if (coded && code.charAt(0) == '1') return; // preliminary: the final reply follows
        pending.poll();
        log(tx);
        if (coded && code.equals("234") && "AUTH".equals(tx.command)) {
            // TLS from here (RFC 4217): the client waits for this reply before its ClientHello
            tlsFollows = ctx.changeProtocol("tls");
            onClose();
        }
    }

    private void passiveReply(Tx tx, String code, byte[] b, int off, int len) {
        String text = new String(b, off, len, StandardCharsets.ISO_8859_1);
        // the reply says where to connect whatever command it answers (a lost PASV still gets its 227)
        if (code.equals("227")) {
            int open = text.indexOf('(');
            int[] hp = hostPort(open >= 0 ? text.substring(open + 1, Math.max(open + 1, text.indexOf(')', open) < 0 ? text.length() : text.indexOf(')', open))) : firstNumbers(text));
            if (hp != null) announce(tx, true, hp[0] + "." + hp[1] + "." + hp[2] + "." + hp[3], hp[4]);
        } else if (code.equals("229")) {
            int open = text.indexOf('(');
            if (open < 0) return;
            int close = text.indexOf(')', open);
            String[] f = text.substring(open + 1, close < 0 ? text.length() : close).split("\\|", -1);
            if (f.length >= 5) {
                int port = number(f[3]);
                if (port >= 0 && port <= 65535) announce(tx, true, null, port);
            }
        }
    }

    /** Some servers answer PASV without parentheses: the text from the first digit on. */
    private static String firstNumbers(String text) {
        for (int i = 4; i < text.length(); i++) if (Character.isDigit(text.charAt(i))) return text.substring(i);
        return "";
    }

    private void eprt(Tx tx, String data) {
        if (data == null || data.length() < 2) return;
        char d = data.charAt(0); // RFC 2428: any delimiter, usually '|'
        String[] f = data.split(java.util.regex.Pattern.quote(String.valueOf(d)), -1);
        if (f.length < 5) return;
        int port = number(f[3]);
        if (port < 0 || port > 65535) return;
        announce(tx, false, f[2].isEmpty() ? null : f[2], port);
    }

    /** h1,h2,h3,h4,p1,p2 of PORT and PASV: the four address bytes and the port; null when malformed. */
    static int[] hostPort(String s) {
        if (s == null) return null;
        String[] f = s.trim().split(",");
        if (f.length != 6) return null;
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            v[i] = number(f[i].trim());
            if (v[i] < 0 || v[i] > 255) return null;
        }
        return new int[] {v[0], v[1], v[2], v[3], v[4] * 256 + v[5]};
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 6) return -1;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private void announce(Tx tx, boolean passive, String address, int port) {
        tx.port = port;
        tx.passive = passive;
        if (channels.size() == MAX_CHANNELS) {
            channels.removeFirst();
            if (unusedChannel >= 0) unusedChannel--;
        }
        DataChannel c = new DataChannel(passive, address, port, null, null, ctx.packetNumber());
        channels.add(c);
        unusedChannel = channels.size() - 1;
        if (channelListener != null) channelListener.accept(c);
    }

    private void useChannel(String verb, String file) {
        if (unusedChannel < 0) return;
        DataChannel c = channels.get(unusedChannel).used(verb, file);
        channels.set(unusedChannel, c);
        unusedChannel = -1;
        if (channelListener != null) channelListener.accept(c);
        // the data connection is parsed as ftp-data when it comes (between the control connection's two hosts)
        ctx.expect(FtpDataProtocol.NAME, !c.passive(), c.port(), new FtpTransfer(verb, file, c.passive()));
    }

    private void log(Tx tx) {
        ctx.emit(new FtpRecord(tx.id, tx.command, tx.data, tx.truncated, List.copyOf(tx.codes), List.copyOf(tx.replies),
                tx.replyTruncated, tx.port, tx.passive, tx.replied));
    }

    private static boolean digit(byte c) { return c >= '0' && c <= '9'; }
}
