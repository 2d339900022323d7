package dev.vigil.applayer.dhcp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;

/** Parses one DHCP flow: each datagram is one message and one record. */
final class DhcpParser implements AppParser {
    private final AppContext ctx;
    private final boolean extended;

    DhcpParser(AppContext ctx, boolean extended) {
        this.ctx = ctx;
        this.extended = extended;
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        DhcpMessage m = DhcpMessageParser.parse(buf, off, len);
        if (m == null) {
            ctx.anomaly("MALFORMED");
            return;
        }
        if (m.truncatedOptions) ctx.anomaly("TRUNCATED_OPTIONS");
        if (!extended && m.dhcpType() != 5) return; // the short form logs ACKs only
        ctx.emit(new DhcpRecord(m, extended, !toServer));
    }
}
