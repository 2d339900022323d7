package dev.vigil.scenario.campaign;

import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.org.Workstation;
import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The intruder's side of a scenario: who they are on the wire (scanner, C2 and exfiltration
 * servers, their domains), whom they compromise, what they steal, and the activities they have
 * performed so far, for the answer key. Steps share it so a campaign tells one consistent story.
 */
public final class Intrusion {
    public final Organisation org;
    public final Timeline timeline;
    public final long start;
    public final long end;
    public final SplittableRandom rng;
    public final Workstation victim;
    public final Host foothold;
    public final Host scanner;
    public final Host exploitServer;
    public final Host phishServer;
    public final Host phishMailServer;
    public final Host c2Server;
    public final Host exfilServer;
    public final String c2Domain = "cdn.msupdate-services.example";
    public final String dnsC2Domain = "ns-resolve-api.example";
    public final String phishDomain = "docs.sharepoint-files.example";
    public final String exfilDomain = "upload.filesync-cloud.example";
    public final String tunnelDomain = "t.akamai-dnsedge.example";
    /** The planted credential (honeytoken) the intruder finds and tries: user name and password. */
    public final String honeytokenUser;
    public final String honeytokenPassword;
    /** The administrator account whose password the intruder stole. */
    public final String stolenAdmin;
    private final List<Activity> activities = new ArrayList<>();

    public Intrusion(Organisation org, Timeline timeline, long seed, long start, long end) {
        this.org = org;
        this.timeline = timeline;
        this.start = start;
        this.end = end;
        this.rng = new SplittableRandom(seed ^ 0x696E7472L);
        // the intruder goes for research and engineering, as contractor espionage does
        List<Workstation> targets = org.workstations.stream()
                .filter(w -> w.department().equals("Research") || w.department().equals("Engineering")).toList();
        if (targets.isEmpty()) targets = org.workstations;
        this.victim = targets.get(rng.nextInt(targets.size()));
        this.foothold = org.dmzWeb;
        this.scanner = org.intruder("scanner", 150 + rng.nextInt(10));
        this.exploitServer = org.intruder("stager", 170 + rng.nextInt(10));
        this.phishServer = org.intruder(phishDomain, 180 + rng.nextInt(10));
        this.phishMailServer = org.intruder("mail.payroll-notify.example", 190 + rng.nextInt(5));
        this.c2Server = org.intruder(c2Domain, 200 + rng.nextInt(10));
        this.exfilServer = org.intruder(exfilDomain, 220 + rng.nextInt(10));
        this.honeytokenUser = "svc_backup";
        this.honeytokenPassword = "Bk" + Long.toString(rng.nextLong() & Long.MAX_VALUE, 36).substring(0, 10) + "!";
        this.stolenAdmin = "adm-" + victim.user();
    }

    void record(Activity a) {
        activities.add(a);
    }

    public List<Activity> activities() {
        return List.copyOf(activities);
    }

    /** The time a fraction {@code f} into the scenario's span. */
    public long at(double f) {
        return start + (long) ((end - start) * f);
    }
}
