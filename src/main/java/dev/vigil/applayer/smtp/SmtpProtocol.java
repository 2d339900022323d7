package dev.vigil.applayer.smtp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Greeting220;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * SMTP (RFC 5321). The client's EHLO or HELO is the signature: the server's "220" greeting alone is
 * also how FTP starts, so it only asks for more.
 */
public final class SmtpProtocol implements AppProtocol {

    @Override public String name() { return "smtp"; }

    @Override public Transport transport() { return Transport.TCP; }

    @Override public int priority() { return 50; }

    @Override public boolean serverGreets() { return true; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        if (!toServer) return Greeting220.probe(buf, off, len);
        int n = Math.min(len, 5);
        boolean ehlo = true, helo = true;
        for (int i = 0; i < n; i++) {
            int c = buf[off + i] & 0xFF;
            int u = c >= 'a' && c <= 'z' ? c - 32 : c;
            char e = "EHLO ".charAt(i), h = "HELO ".charAt(i);
            if (u != e) ehlo = false;
            if (u != h) helo = false;
        }
        if (!ehlo && !helo) return Probe.NO;
        return n == 5 ? Probe.MATCH : Probe.NEED_MORE;
    }

    @Override
    public AppParser newParser(AppContext ctx) { return new SmtpParser(ctx); }
}
