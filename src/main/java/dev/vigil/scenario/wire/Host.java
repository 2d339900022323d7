package dev.vigil.scenario.wire;

import java.net.InetAddress;
import java.util.HexFormat;

/**
 * One address on the generated network. {@code mac} is the hardware address its frames carry on the
 * capture link: its own for an inside host, the gateway's for anything beyond it. {@code delayNanos}
 * is the one-way delay between the capture point and the host, so a reply to its packet is seen two
 * delays later. The IP id and ephemeral port counters make each host's packets look like one stack's.
 */
public final class Host {
    private final String name;
    private final String ip;
    private final byte[] address;
    private final byte[] mac;
    private final int ttl;
    private final long delayNanos;
    private int ipId;
    private int ephemeral;

    public Host(String name, String ip, byte[] mac, int ttl, long delayNanos) {
        if (mac.length != 6) throw new IllegalArgumentException("MAC must be 6 bytes: " + name);
        this.name = name;
        this.ip = ip;
        this.address = InetAddress.ofLiteral(ip).getAddress();
        this.mac = mac.clone();
        this.ttl = ttl;
        this.delayNanos = delayNanos;
        // a start that differs per host, derived from its address so the run stays deterministic
        int h = java.util.Arrays.hashCode(address) * 0x9E3779B1;
        this.ipId = (h >>> 16) & 0xFFFF;
        this.ephemeral = (h & 0x3FFF);
    }

    public String name() {
        return name;
    }

    public String ip() {
        return ip;
    }

    /** The address bytes (4 or 16); callers must not change them. */
    public byte[] address() {
        return address;
    }

    public byte[] mac() {
        return mac;
    }

    public int ttl() {
        return ttl;
    }

    public long delayNanos() {
        return delayNanos;
    }

    public boolean ipv6() {
        return address.length == 16;
    }

    public String macString() {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    public Endpoint port(int port) {
        return new Endpoint(this, port);
    }

    /** An endpoint on the next ephemeral port (49152–65535, in turn, as Windows and Linux stacks do). */
    public Endpoint ephemeral() {
        int p = 49152 + ephemeral;
        ephemeral = (ephemeral + 1) & 0x3FFF;
        return new Endpoint(this, p);
    }

    int nextIpId() {
        ipId = (ipId + 1) & 0xFFFF;
        return ipId;
    }

    @Override
    public String toString() {
        return name + "(" + ip + ")";
    }
}
