package dev.vigil.detect.behavior;

import java.util.ArrayList;
import java.util.List;

/** The behavioural detectors a sensor runs, built from its settings. */
public final class BehaviorDetectors {
    private BehaviorDetectors() {}

    public static List<BehaviorDetector> create(BehaviorConfig c, HomeNet home) {
        List<BehaviorDetector> all = new ArrayList<>();
        all.add(new Beaconing(c.beaconing, home));
        all.add(new DnsTunnelling(c.dnsTunnelling));
        all.add(new Exfiltration(c.exfiltration, home));
        all.add(new ShareCollection(c.shareCollection));
        all.add(new Scanning(c.scanning));
        all.add(new BruteForce(c.bruteForce));
        all.add(new LateralMovement(c.lateralMovement, home));
        all.add(new LongConnection(c.longConnection, home));
        all.add(new FirstSeen(c.firstSeen));
        all.removeIf(d -> c.disabled.contains(d.name()));
        return all;
    }

    /** The inside networks: the settings' own, else HOME_NET as the rule variables give it, else the private blocks. */
    public static HomeNet homeNet(BehaviorConfig c, String homeNetVariable) {
        return c.homeNet.isEmpty() ? HomeNet.ofVariable(homeNetVariable) : new HomeNet(c.homeNet);
    }
}
