package dev.vigil.detect.behavior;

import java.util.Iterator;
import java.util.Map;

/**
 * Which internal hosts reach a destination, and on what schedule. A destination many hosts reach on the
 * same clock (the OS telemetry every 15 minutes from every workstation, an update agent, NTP) is a fleet
 * service; an implant is installed on one host, or a few. A host with too few beats to show a schedule
 * counts as on the same one until its beats say otherwise: at 07:30 the workstations that just booted
 * have sent telemetry once or twice, and the one left on overnight is not an implant for being early.
 * Hosts whose beats show another rhythm (a user browsing a popular site the implant also uses) do not
 * count. Capped twice: the
 * destinations (least recently noted go first) and the hosts per destination (counting saturates there,
 * far past where the discount has already reached its floor).
 */
final class BeaconFleet {
    private static final class Members {
        final String[] src;
        final double[] periodMs;
        final long[] seenMs;
        final int[] beats;
        final boolean[] regular;
        int n;

        Members(int cap) {
            src = new String[cap];
            periodMs = new double[cap];
            seenMs = new long[cap];
            beats = new int[cap];
            regular = new boolean[cap];
        }
    }

    private final BoundedMap<String, Members> byDestination;
    private final int hostsPerDestination;

    BeaconFleet(int maxDestinations, int hostsPerDestination) {
        this.byDestination = new BoundedMap<>(maxDestinations);
        this.hostsPerDestination = hostsPerDestination;
    }

    /**
     * Records the latest view of {@code src}'s beats towards {@code destination}: how many, their period
     * (for two beats the one interval; ignored for one) and whether they are regular (three or more).
     */
    void note(String destination, String src, int beats, double periodMs, boolean regular, long seenMs) {
        Members m = byDestination.computeIfAbsent(destination, k -> new Members(hostsPerDestination));
        int slot = -1;
        for (int i = 0; i < m.n; i++) {
            if (m.src[i].equals(src)) {
                slot = i;
                break;
            }
        }
        if (slot < 0 && m.n < m.src.length) slot = m.n++;
        if (slot < 0) {
            // full: the host heard from longest ago makes room
            slot = 0;
            for (int i = 1; i < m.n; i++) if (m.seenMs[i] < m.seenMs[slot]) slot = i;
        }
        m.src[slot] = src;
        m.periodMs[slot] = periodMs;
        m.beats[slot] = beats;
        m.regular[slot] = regular;
        m.seenMs[slot] = seenMs;
    }

    /**
     * Hosts other than {@code self} heard from at or after {@code sinceMs} that reach {@code destination}
     * on a schedule of {@code periodMs} (within {@code tolerance}, relative) or have too few beats to show
     * another.
     */
    int sameSchedule(String destination, String self, double periodMs, double tolerance, long sinceMs) {
        Members m = byDestination.get(destination);
        if (m == null || !(periodMs > 0)) return 0;
        int c = 0;
        for (int i = 0; i < m.n; i++) {
            if (m.seenMs[i] < sinceMs || m.src[i].equals(self)) continue;
            boolean same = switch (m.beats[i]) {
                case 0 -> false;
                case 1 -> true;
                // one interval: a whole number of periods, as a host that missed a beat would show
                case 2 -> {
                    long k = Math.round(m.periodMs[i] / periodMs);
                    yield k >= 1 && Math.abs(m.periodMs[i] - k * periodMs) <= tolerance * periodMs;
                }
                default -> m.regular[i] && Math.abs(m.periodMs[i] - periodMs) <= tolerance * periodMs;
            };
            if (same) c++;
        }
        return c;
    }

    /** Forgets destinations no host has been noted for since {@code beforeMs}. */
    void evictIdle(long beforeMs) {
        for (Iterator<Map.Entry<String, Members>> it = byDestination.entrySet().iterator(); it.hasNext(); ) {
            Members m = it.next().getValue();
            long newest = Long.MIN_VALUE;
            for (int i = 0; i < m.n; i++) newest = Math.max(newest, m.seenMs[i]);
            if (newest < beforeMs) it.remove();
        }
    }

    int size() { return byDestination.size(); }

    long evicted() { return byDestination.evicted(); }
}
