package dev.vigil.scenario.background;

import dev.vigil.scenario.dhcp.DhcpMessage;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.Timeline;

/** DHCP at boot: DISCOVER and REQUEST broadcast from 0.0.0.0, OFFER and ACK broadcast by the server. */
final class Leases {
    private static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};

    private Leases() {}

    static void schedule(Timeline tl, Organisation org, Workstation ws, long at) {
        tl.add(at, w -> {
            Host unconfigured = new Host(ws.host().name(), "0.0.0.0", ws.host().mac(), 128, ws.host().delayNanos());
            Host broadcast = new Host("broadcast", "255.255.255.255", BROADCAST_MAC, 128, 0);
            Host server = org.dc;
            Host serverBroadcasting = new Host(server.name(), server.ip(), server.mac(), 128, server.delayNanos());
            int xid = w.rng().nextInt();
            String name = ws.host().name();
            w.udp(unconfigured.port(68), broadcast.port(67), DhcpMessage.client(DhcpMessage.DISCOVER, xid, ws.host().mac(), name, null, null));
            w.advance(2 * server.delayNanos() + 1_000_000L);
            w.udp(serverBroadcasting.port(67), broadcast.port(68), DhcpMessage.server(DhcpMessage.OFFER, xid, ws.host().mac(), ws.host().ip(),
                    server.ip(), "10.20.0.1", org.dc.ip(), Organisation.DOMAIN, 8 * 86_400));
            w.advance(2 * ws.host().delayNanos() + 2_000_000L);
            w.udp(unconfigured.port(68), broadcast.port(67), DhcpMessage.client(DhcpMessage.REQUEST, xid, ws.host().mac(), name, ws.host().ip(), server.ip()));
            w.advance(2 * server.delayNanos() + 1_000_000L);
            w.udp(serverBroadcasting.port(67), broadcast.port(68), DhcpMessage.server(DhcpMessage.ACK, xid, ws.host().mac(), ws.host().ip(),
                    server.ip(), "10.20.0.1", org.dc.ip(), Organisation.DOMAIN, 8 * 86_400));
        });
    }
}
