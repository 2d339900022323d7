package dev.vigil.applayer.tls;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;
import java.util.Map;

/**
 * TLS over TCP, recognised by its first record: a handshake record (type 22, version 3.0 to 3.4, length
 * within the RFC limit) whose first message is a ClientHello or ServerHello; or an SSLv2-format
 * CLIENT-HELLO as old clients send for compatibility.
 */
public final class TlsProtocol implements AppProtocol {
    private final TlsLogOptions options;

    public TlsProtocol() {
        this(TlsLogOptions.DEFAULT);
    }

    public TlsProtocol(TlsLogOptions options) {
        this.options = options;
    }

    public TlsLogOptions options() { return options; }

    /** The eve-log tls options ("tls.extended", "tls.custom"): see {@link TlsLogOptions}. */
    @Override
    public AppProtocol configure(Map<String, String> settings) {
        TlsLogOptions o = TlsLogOptions.from(settings);
        return o.equals(options) ? this : new TlsProtocol(o);
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Transport transport() {
        return Transport.TCP;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        if (len <= 0) return Probe.NEED_MORE;
        int b0 = buf[off] & 0xff;
        if (b0 == TlsParser.HANDSHAKE) {
            if (len < 2) return Probe.NEED_MORE;
            if (buf[off + 1] != 3) return Probe.NO;
            if (len < 3) return Probe.NEED_MORE;
            if ((buf[off + 2] & 0xff) > 4) return Probe.NO;
            if (len < 5) return Probe.NEED_MORE;
            int recLen = TlsExt.u16(buf, off + 3);
            if (recLen < 4 || recLen > TlsParser.MAX_RECORD) return Probe.NO;
            if (len < 6) return Probe.NEED_MORE;
            int ht = buf[off + 5] & 0xff;
            if (ht != TlsParser.HT_CLIENT_HELLO && ht != TlsParser.HT_SERVER_HELLO) return Probe.NO;
            if (len < 9) return Probe.NEED_MORE;
            // the hello's length fits the handshake length limit; a hello starts with version 3.x
            if (TlsExt.u24(buf, off + 6) > TlsParser.MAX_HANDSHAKE) return Probe.NO;
            if (len < 10) return Probe.NEED_MORE;
            // 0x7f: a TLS 1.3 draft ServerHello carried the draft version here
            return buf[off + 9] == 3 || (ht == TlsParser.HT_SERVER_HELLO && buf[off + 9] == 0x7f) ? Probe.MATCH : Probe.NO;
        }
        if ((b0 & 0x80) != 0 && toServer) {
            // SSLv2 record header: 15-bit length, then CLIENT-HELLO (1) and the client's version
            if (len < 5) return Probe.NEED_MORE;
            int recLen = ((b0 & 0x7f) << 8) | (buf[off + 1] & 0xff);
            int version = TlsExt.u16(buf, off + 3);
            boolean knownVersion = version == 0x0002 || (version >= 0x0300 && version <= 0x0304);
            return recLen >= 9 && buf[off + 2] == 1 && knownVersion ? Probe.MATCH : Probe.NO;
        }
        return Probe.NO;
    }

    @Override
    public AppParser newParser(AppContext ctx) {
        return new TlsParser(ctx, options);
    }
}
