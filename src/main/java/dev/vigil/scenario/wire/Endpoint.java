package dev.vigil.scenario.wire;

/** A host and a transport port. */
public record Endpoint(Host host, int port) {
    public Endpoint {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
    }

    public String ip() {
        return host.ip();
    }
}
