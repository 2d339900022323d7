package dev.vigil.applayer.ftp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Greeting220;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * FTP (RFC 959). The server's "220" greeting is shared with SMTP, so it only asks for more; the
 * client's first command (USER, AUTH, FEAT, ...) decides.
 */
public final class FtpProtocol implements AppProtocol {
    /**
     * Commands a client opens an FTP session with, and the data-channel ones that only FTP has (a capture
     * may start in the middle of a session); each followed by a space or the line end.
     */
    private static final String[] OPENERS = {"USER", "AUTH", "FEAT", "SYST", "OPTS", "CLNT", "HOST", "PASS", "PASV", "PORT", "EPSV", "EPRT"};

    @Override public String name() { return "ftp"; }

    @Override public Transport transport() { return Transport.TCP; }

    @Override public int priority() { return 60; }

    @Override public boolean serverGreets() { return true; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        if (!toServer) return Greeting220.probe(buf, off, len);
        if (len < 5) {
            for (String o : OPENERS) if (prefix(buf, off, Math.min(len, 4), o)) return Probe.NEED_MORE;
            return Probe.NO;
        }
        byte sep = buf[off + 4];
        if (sep != ' ' && sep != '\r' && sep != '\n') return Probe.NO;
        for (String o : OPENERS) if (prefix(buf, off, 4, o)) return Probe.MATCH;
        return Probe.NO;
    }

    private static boolean prefix(byte[] b, int off, int n, String word) {
        for (int i = 0; i < n; i++) {
            int c = b[off + i] & 0xFF;
            if (c >= 'a' && c <= 'z') c -= 32;
            if (c != word.charAt(i)) return false;
        }
        return true;
    }

    @Override
    public AppParser newParser(AppContext ctx) { return new FtpParser(ctx); }
}
