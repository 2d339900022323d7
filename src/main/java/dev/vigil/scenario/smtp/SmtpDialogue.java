package dev.vigil.scenario.smtp;

import dev.vigil.scenario.wire.TcpConversation;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SMTP transaction between two mail servers (RFC 5321): greeting, EHLO, MAIL, RCPT, DATA with the
 * message dot-stuffed, QUIT; the server closes after its 221 as Postfix and Exchange do.
 */
public final class SmtpDialogue {
    private static final long MS = 1_000_000L;

    private SmtpDialogue() {}

    public static void play(TcpConversation c, String clientName, String serverName, String serverSoftware,
            String from, List<String> to, String message) {
        var w = c.wire();
        c.fromServer(line("220 " + serverName + " ESMTP " + serverSoftware));
        w.thinkMillis(1, 5);
        c.exchange(line("EHLO " + clientName),
                text("250-" + serverName + " Hello " + clientName + "\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 HELP\r\n"),
                MS);
        c.exchange(line("MAIL FROM:<" + address(from) + ">"), line("250 2.1.0 Ok"), MS / 2);
        for (String r : to) c.exchange(line("RCPT TO:<" + address(r) + ">"), line("250 2.1.5 Ok"), MS / 2);
        c.exchange(line("DATA"), line("354 End data with <CR><LF>.<CR><LF>"), MS / 2);
        c.fromClient(text(dotStuff(message) + ".\r\n"));
        w.thinkMillis(2, 20);
        c.fromServer(line("250 2.0.0 Ok: queued as " + Long.toHexString(w.rng().nextLong() & 0xFFFFFFFFFFL).toUpperCase()));
        c.exchange(line("QUIT"), line("221 2.0.0 Bye"), MS / 2);
        c.closeByServer();
    }

    /** The address inside a header value such as {@code "Ann Lee <ann@corp.example>"}. */
    static String address(String header) {
        int lt = header.indexOf('<');
        int gt = header.indexOf('>', lt + 1);
        return lt >= 0 && gt > lt ? header.substring(lt + 1, gt) : header;
    }

    private static String dotStuff(String message) {
        String m = message.endsWith("\r\n") ? message : message + "\r\n";
        return m.startsWith(".") ? "." + m.replace("\r\n.", "\r\n..").substring(0) : m.replace("\r\n.", "\r\n..");
    }

    private static byte[] line(String s) {
        return text(s + "\r\n");
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
