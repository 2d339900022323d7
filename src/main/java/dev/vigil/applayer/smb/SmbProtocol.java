package dev.vigil.applayer.smb;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * SMB over TCP: an NBSS message (type 0x00, 24-bit length) whose payload starts with an SMB signature:
 * "\xFESMB" (SMB2/3), "\xFFSMB" (SMB1), "\xFDSMB" (SMB3 encrypted), "\xFCSMB" (SMB3 compressed). NetBIOS
 * session request/response and keep-alive messages before it (port 139) are stepped over.
 */
public final class SmbProtocol implements AppProtocol {
    /** NBSS control messages stepped over while probing. */
    private static final int MAX_CONTROL_MESSAGES = 4;

    @Override public String name() { return "smb"; }

    @Override public Transport transport() { return Transport.TCP; }

    @Override public int priority() { return 20; }

    /**
     * Unlimited, as Suricata's default for SMB (app-layer.protocols.smb.stream-depth 0): a CREATE after
     * a megabyte of file data is still logged.
     */
    @Override public long streamDepth() { return 0; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        int p = off, end = off + len;
        for (int i = 0; i <= MAX_CONTROL_MESSAGES; i++) {
            if (end - p < 4) return Probe.NEED_MORE;
            int type = buf[p] & 0xFF;
            int length = (buf[p + 1] & 0xFF) << 16 | (buf[p + 2] & 0xFF) << 8 | (buf[p + 3] & 0xFF);
            if (type == 0x00) {
                if (length < 4) return Probe.NO;
                if (end - p < 8) return Probe.NEED_MORE;
                int m = buf[p + 4] & 0xFF;
                boolean magic = (m == 0xFE || m == 0xFF || m == 0xFD || m == 0xFC)
                        && buf[p + 5] == 'S' && buf[p + 6] == 'M' && buf[p + 7] == 'B';
                return magic ? Probe.MATCH : Probe.NO;
            }
            // Session request (0x81) carries two encoded names; responses and keep-alive are short.
            boolean control = type == 0x81 && length >= 68 && length <= 256
                    || (type == 0x82 || type == 0x85) && length == 0
                    || type == 0x83 && length == 1 || type == 0x84 && length == 6;
            if (!control || (buf[p + 1] & 0xFE) != 0) return Probe.NO;
            p += 4 + length;
        }
        return Probe.NO;
    }

    @Override public AppParser newParser(AppContext ctx) { return new SmbParser(ctx); }
}
