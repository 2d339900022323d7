package dev.vigil.testing;

import dev.vigil.flow.Flow;

/** Flows built by hand for tests that drive the app layer without packets. */
public final class TestFlows {
    private TestFlows() {}

    /** An IPv4 TCP flow from {@code a:aPort} (side A, the initiator) to {@code b:bPort}, started at {@code startNanos}. */
    public static Flow tcp4(long a, int aPort, long b, int bPort, long startNanos) {
        Flow f = new Flow();
        f.ipVersion = 4;
        f.proto = 6;
        f.aLo = a;
        f.aPort = aPort;
        f.bLo = b;
        f.bPort = bPort;
        f.startNanos = startNanos;
        return f;
    }
}
