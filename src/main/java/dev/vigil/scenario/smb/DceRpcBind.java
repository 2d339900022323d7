package dev.vigil.scenario.smb;

import java.nio.charset.StandardCharsets;

/**
 * A DCE/RPC (MS-RPCE, connection-oriented) bind and its bind_ack for one interface, as sent through a
 * named pipe: what PsExec-style tools do on \PIPE\svcctl before asking the service manager for anything.
 */
final class DceRpcBind {
    private static final int BIND = 11, BIND_ACK = 12;
    private static final int FIRST_AND_LAST = 0x03;
    private static final int MAX_FRAG = 4280;
    /** NDR transfer syntax 8a885d04-1ceb-11c9-9fe8-08002b104860 version 2. */
    private static final long[] NDR = {0x8a885d04L, 0x1ceb, 0x11c9, 0x9fe808002b104860L};

    /** Interface uuid fields (time_low, time_mid, time_hi, clock+node) and major version of a known pipe. */
    private record Iface(long[] uuid, int major) {}

    private DceRpcBind() {}

    private static Iface iface(String pipe) {
        return switch (pipe.toLowerCase(java.util.Locale.ROOT)) {
            case "svcctl" -> new Iface(new long[] {0x367abb81L, 0x9844, 0x35f1, 0xad3298f038001003L}, 2);
            case "srvsvc" -> new Iface(new long[] {0x4b324fc8L, 0x1670, 0x01d3, 0x12785a47bf6ee188L}, 3);
            case "samr" -> new Iface(new long[] {0x12345778L, 0x1234, 0xabcd, 0xef000123456789acL}, 1);
            case "lsarpc" -> new Iface(new long[] {0x12345778L, 0x1234, 0xabcd, 0xef000123456789abL}, 0);
            default -> throw new IllegalArgumentException("no known RPC interface for pipe " + pipe);
        };
    }

    static boolean known(String pipe) {
        try {
            iface(pipe);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static byte[] bind(String pipe, int callId) {
        Iface i = iface(pipe);
        LeBuffer b = header(BIND, callId);
        b.u16(MAX_FRAG).u16(MAX_FRAG).u32(0);
        b.u8(1).u8(0).u16(0); // one presentation context
        b.u16(0).u8(1).u8(0);
        uuid(b, i.uuid).u16(i.major).u16(0);
        uuid(b, NDR).u32(2);
        return finish(b);
    }

    static byte[] bindAck(String pipe, int callId, int assocGroup) {
        LeBuffer b = header(BIND_ACK, callId);
        b.u16(MAX_FRAG).u16(MAX_FRAG).u32(assocGroup);
        byte[] port = ("\\PIPE\\" + pipe + "\0").getBytes(StandardCharsets.US_ASCII);
        b.u16(port.length).bytes(port).align(0, 4);
        b.u8(1).u8(0).u16(0);
        b.u16(0).u16(0); // acceptance
        uuid(b, NDR).u32(2);
        return finish(b);
    }

    private static LeBuffer header(int type, int callId) {
        LeBuffer b = new LeBuffer();
        b.u8(5).u8(0).u8(type).u8(FIRST_AND_LAST).u32(0x10); // little-endian, ASCII, IEEE
        b.u16(0).u16(0).u32(callId); // fragment length set in finish
        return b;
    }

    private static byte[] finish(LeBuffer b) {
        b.setU16(8, b.position());
        return b.toBytes();
    }

    private static LeBuffer uuid(LeBuffer b, long[] u) {
        b.u32(u[0]).u16((int) u[1]).u16((int) u[2]);
        for (int k = 7; k >= 0; k--) b.u8((int) (u[3] >>> (8 * k)));
        return b;
    }
}
