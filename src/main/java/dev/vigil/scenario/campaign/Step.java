package dev.vigil.scenario.campaign;

import dev.vigil.scenario.key.Activity;

/**
 * One thing an intruder does. {@link #schedule} adds its sessions to the intrusion's timeline,
 * tagged with the activity's id, and returns the activity for the answer key (its times are filled
 * in from the packets once the capture is written).
 */
public interface Step {
    String id();

    Activity schedule(Intrusion in, long at, long until);
}
