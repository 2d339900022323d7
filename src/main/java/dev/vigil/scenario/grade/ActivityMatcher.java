package dev.vigil.scenario.grade;

import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Party;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Decides whether an alert belongs to one activity of the answer key (the rules are set out on
 * {@link Grader}): its time in the activity's window, and its endpoints the activity's parties, by
 * address or by the domain name the traffic used.
 */
final class ActivityMatcher {
    final Activity activity;
    final Instant start;
    final Instant end;
    private final Instant from;
    private final Instant until;
    private final Side source;
    private final Side destination;

    /** One party, compiled: {@code block} null when the key gives no address, {@code domain} null when no name. */
    private record Side(AddressBlock block, Integer port, String domain) {
        static Side of(Party p, String activityId, String role) {
            if (p == null) return new Side(null, null, null);
            AddressBlock block = null;
            if (p.ip() != null && !p.ip().isBlank()) {
                try {
                    block = AddressBlock.parse(p.ip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("activity " + activityId + ": " + role + ": " + e.getMessage(), e);
                }
            }
            String domain = p.domain() == null || p.domain().isBlank() ? null : EveAlert.normalizeName(p.domain());
            return new Side(block, p.port(), domain);
        }

        boolean is(String ip, Integer port) {
            return block != null && block.contains(ip) && (this.port == null || this.port.equals(port));
        }

        /** For the domain route: the acting host is one end of the alert, whatever the other end (a resolver, a proxy). */
        boolean takesPartIn(EveAlert a) {
            return block == null || block.contains(a.srcIp()) || block.contains(a.destIp());
        }

        boolean namedBy(EveAlert a) {
            if (domain == null) return false;
            for (String n : a.names()) {
                if (n.equals(domain) || n.endsWith("." + domain)) return true;
            }
            return false;
        }
    }

    ActivityMatcher(Activity activity, Duration slack, Duration lateness) {
        this.activity = activity;
        this.start = time(activity, activity.start(), "start");
        this.end = time(activity, activity.end(), "end");
        this.from = start.minus(slack);
        this.until = end.plus(lateness);
        this.source = Side.of(activity.source(), activity.id(), "source");
        this.destination = Side.of(activity.destination(), activity.id(), "destination");
    }

    boolean matches(EveAlert a) {
        return inWindow(a.time()) && endpointsMatch(a);
    }

    boolean inWindow(Instant t) {
        return !t.isBefore(from) && !t.isAfter(until);
    }

    boolean endpointsMatch(EveAlert a) {
        boolean forward = source.is(a.srcIp(), a.srcPort()) && destination.is(a.destIp(), a.destPort());
        boolean backward = source.is(a.destIp(), a.destPort()) && destination.is(a.srcIp(), a.srcPort());
        if (forward || backward) return true;
        return destination.namedBy(a) && source.takesPartIn(a) || source.namedBy(a) && destination.takesPartIn(a);
    }

    /**
     * True when the alert claims the activity's technique: the same id, or one is the parent of the other
     * (a rule tagged {@code T1071} is right about a {@code T1071.004} activity, only less specific).
     */
    boolean techniqueClaimedBy(EveAlert a) {
        if (activity.technique() == null) return false;
        String want = activity.technique().id().toUpperCase(Locale.ROOT);
        for (String t : a.techniques()) {
            if (t.equals(want) || want.startsWith(t + ".") || t.startsWith(want + ".")) return true;
        }
        return false;
    }

    private static Instant time(Activity a, String text, String what) {
        if (text == null) throw new IllegalArgumentException("activity " + a.id() + " has no " + what);
        try {
            return EveTimestamp.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("activity " + a.id() + ": " + what + ": " + e.getMessage(), e);
        }
    }
}
