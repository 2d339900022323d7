package dev.vigil.applayer.ssh;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;

/**
 * One SSH connection: both identification strings and both KEXINITs, logged as one {@code ssh} record
 * once both KEXINITs are known (nothing more is cleartext after them that Suricata logs), or when the
 * flow ends with less.
 */
final class SshParser implements AppParser {
    private final AppContext ctx;
    private final SshSide client, server;
    private boolean logged;

    SshParser(AppContext ctx) {
        this.ctx = ctx;
        this.client = new SshSide(true, ctx);
        this.server = new SshSide(false, ctx);
        client.peer = server;
        server.peer = client;
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (logged) return;
        SshSide side = toServer ? client : server;
        side.onData(buf, off, len);
        if ((client.hassh != null && server.hassh != null) || (client.done() && server.done())) log();
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        (toServer ? client : server).onGap();
    }

    @Override
    public void onClose() {
        log();
    }

    @Override
    public boolean done() { return logged; }

    private void log() {
        if (logged) return;
        logged = true;
        if (client.banner == null && server.banner == null) return;
        ctx.emit(new SshRecord(client.banner, client.hassh, server.banner, server.hassh));
    }
}
