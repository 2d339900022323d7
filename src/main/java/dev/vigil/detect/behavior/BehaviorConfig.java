package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the behavioural detectors, read from the {@code behavior:} section of the sensor's YAML
 * (names in snake_case); every default is documented in docs/DETECTION.md. Unknown keys are refused,
 * so a misspelt threshold does not silently keep its default.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class BehaviorConfig {
    /** Off: no behavioural detection at all. */
    public boolean enabled = true;
    /** The inside networks; empty: HOME_NET of the rule variables (or the private blocks). */
    @JsonProperty("home_net")
    public List<String> homeNet = new ArrayList<>();
    /** Findings with either end in these blocks are dropped (counted as allow-listed). */
    @JsonProperty("allow_addresses")
    public List<String> allowAddresses = new ArrayList<>();
    /** Findings about these domains or their subdomains are dropped (counted as allow-listed). */
    @JsonProperty("allow_domains")
    public List<String> allowDomains = new ArrayList<>();
    /** How long events wait for stragglers from other workers before they are judged, seconds of packet time. */
    @JsonProperty("lateness_seconds")
    public long latenessSeconds = 120;
    /** The same for a live sensor: its workers run nearly in step, and an alert should not wait minutes. */
    @JsonProperty("live_lateness_seconds")
    public long liveLatenessSeconds = 5;
    /**
     * The most events waiting for order; past it the oldest go on early. Replaying a file (--eve, --zeek)
     * waits for nothing but this: a sensor's eve.json is out of order by whole write batches.
     */
    @JsonProperty("max_pending_events")
    public int maxPendingEvents = 200_000;
    /** How often windows are closed, seconds of packet time. */
    @JsonProperty("tick_seconds")
    public long tickSeconds = 60;
    /** The most (signature, subject) pairs remembered for the quiet time. */
    @JsonProperty("max_quiet_keys")
    public int maxQuietKeys = 100_000;

    /** Detectors to leave out, by name ("scanning", "beaconing", ...). */
    public List<String> disabled = new ArrayList<>();

    public Beaconing.Settings beaconing = new Beaconing.Settings();
    @JsonProperty("dns_tunnelling")
    public DnsTunnelling.Settings dnsTunnelling = new DnsTunnelling.Settings();
    public Exfiltration.Settings exfiltration = new Exfiltration.Settings();
    @JsonProperty("share_collection")
    public ShareCollection.Settings shareCollection = new ShareCollection.Settings();
    public Scanning.Settings scanning = new Scanning.Settings();
    @JsonProperty("brute_force")
    public BruteForce.Settings bruteForce = new BruteForce.Settings();
    @JsonProperty("lateral_movement")
    public LateralMovement.Settings lateralMovement = new LateralMovement.Settings();
    @JsonProperty("long_connection")
    public LongConnection.Settings longConnection = new LongConnection.Settings();
    @JsonProperty("first_seen")
    public FirstSeen.Settings firstSeen = new FirstSeen.Settings();

    /** True when {@code name} is an allow-listed domain or under one. */
    public boolean allowsName(String name) {
        if (name == null || allowDomains.isEmpty()) return false;
        String n = name.toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        for (String d : allowDomains) {
            String a = d.toLowerCase(Locale.ROOT);
            if (n.equals(a) || n.endsWith("." + a)) return true;
        }
        return false;
    }
}
