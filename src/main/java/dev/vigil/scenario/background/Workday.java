package dev.vigil.scenario.background;

import dev.vigil.scenario.org.Workstation;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When a workstation is switched on and how busy its user is: weekdays from about 08:00 to 17:30
 * (each user a little different every day), a quieter lunch hour, one in twenty machines on at a
 * weekend, and a tenth left running overnight. Times are UTC, the organisation's local time.
 */
public final class Workday {
    static final long HOUR = 3_600_000_000_000L;
    static final long DAY = 24 * HOUR;

    private Workday() {}

    /** A span [from, to) the machine is on; {@code boot} says whether it booted at {@code from}. */
    public record Span(long from, long to, boolean boot) {}

    /**
     * The machine's on-spans that overlap [start, end), clipped to it, in time order; a machine
     * {@code leftOn} runs day and night (the intruder's implant keeps its victim awake).
     */
    public static List<Span> spans(Workstation ws, long seed, long start, long end, boolean leftOn) {
        List<Span> out = new ArrayList<>();
        long firstDay = Math.floorDiv(start, DAY) * DAY;
        for (long day = firstDay; day < end; day += DAY) {
            SplittableRandom r = new SplittableRandom(seed * 31 + ws.index() * 1_000_003L + day / DAY);
            DayOfWeek dow = Instant.ofEpochSecond(day / 1_000_000_000L).atOffset(ZoneOffset.UTC).getDayOfWeek();
            boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
            boolean overnight = r.nextInt(10) == 0 || leftOn;
            long on;
            long off;
            if (weekend) {
                if (r.nextInt(20) != 0 && !leftOn) continue;
                on = day + 10 * HOUR + r.nextLong(3 * HOUR);
                off = on + HOUR + r.nextLong(3 * HOUR);
            } else {
                on = day + 7 * HOUR + 15 * HOUR / 60 + r.nextLong(90 * HOUR / 60);
                off = day + 16 * HOUR + 30 * HOUR / 60 + r.nextLong(2 * HOUR);
            }
            if (overnight && (!weekend || leftOn)) {
                // left on: runs from midnight to the next midnight, its user still works the usual hours
                on = day;
                off = day + DAY;
            }
            long from = Math.max(on, start);
            long to = Math.min(off, end);
            if (from < to) out.add(new Span(from, to, from == on && !overnight));
        }
        return out;
    }

    /** How busy a user at a keyboard is at {@code t}, 0..1: office hours, lunch dip, nothing at night. */
    public static double userActivity(long t) {
        long tod = Math.floorMod(t, DAY);
        Instant i = Instant.ofEpochSecond(t / 1_000_000_000L);
        DayOfWeek dow = i.atOffset(ZoneOffset.UTC).getDayOfWeek();
        boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
        double h = tod / (double) HOUR;
        if (weekend) return h >= 9 && h < 18 ? 0.6 : 0.05;
        if (h < 7 || h >= 20) return 0.02;
        if (h >= 12 && h < 13) return 0.4;
        if (h < 8 || h >= 18) return 0.3;
        return 1.0;
    }
}
