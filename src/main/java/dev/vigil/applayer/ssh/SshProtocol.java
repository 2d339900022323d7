package dev.vigil.applayer.ssh;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * SSH (RFC 4253): recognised by the identification string "SSH-" that opens either direction (the
 * server usually speaks first, but clients such as OpenSSH send theirs without waiting).
 */
public final class SshProtocol implements AppProtocol {
    private static final byte[] MAGIC = {'S', 'S', 'H', '-'};

    @Override public String name() { return "ssh"; }

    @Override public Transport transport() { return Transport.TCP; }

    /** A four-byte literal at offset 0 is as strong as TLS's record header. */
    @Override public int priority() { return 10; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        int n = Math.min(len, MAGIC.length);
        for (int i = 0; i < n; i++) if (buf[off + i] != MAGIC[i]) return Probe.NO;
        return n == MAGIC.length ? Probe.MATCH : Probe.NEED_MORE;
    }

    @Override
    public AppParser newParser(AppContext ctx) { return new SshParser(ctx); }
}
