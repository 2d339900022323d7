package dev.vigil.detect.behavior;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.TlsHello;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What this network has not seen before. Two findings:
 * <ul>
 * <li>an archive, executable or script fetched over HTTP from a registered domain the network first
 * saw minutes ago (a phishing link's lure, a dropper's second stage): new domains alone are everyday
 * browsing, new domains that hand out executables are not;</li>
 * <li>a TLS client fingerprint (JA4) no host used during the learning period: a new implant's TLS
 * stack, a tool an intruder brought.</li>
 * </ul>
 * What was seen is remembered up to a cap (the least recently seen go first).
 */
public final class FirstSeen implements BehaviorDetector {
    public static final class Settings {
        /** A domain first seen less than this long before the download counts as new, minutes. */
        @JsonProperty("new_domain_minutes")
        public long newDomainMinutes = 60;
        /** Nothing is "new" before the detector has watched this long, minutes (the first look at a network is all new). */
        @JsonProperty("domain_warmup_minutes")
        public long domainWarmupMinutes = 60;
        /** Response content types (prefix match) that count as a payload. */
        @JsonProperty("payload_types")
        public List<String> payloadTypes = new ArrayList<>(List.of("application/zip", "application/x-zip", "application/x-7z",
                "application/x-rar", "application/vnd.rar", "application/x-msdownload", "application/x-dosexec",
                "application/vnd.microsoft.portable-executable", "application/x-msi", "application/hta", "application/x-iso9660",
                "application/java-archive", "application/x-sh", "application/x-elf", "application/x-executable"));
        /** JA4 fingerprints seen in the first this-many hours are the baseline. */
        @JsonProperty("ja4_learning_hours")
        public long ja4LearningHours = 24;
        @JsonProperty("max_domains")
        public int maxDomains = 500_000;
        @JsonProperty("max_fingerprints")
        public int maxFingerprints = 50_000;
    }

    private final Settings s;
    private final long newDomain, warmup, ja4Learning;
    private final BoundedMap<String, Long> domains;
    private final BoundedMap<String, Long> fingerprints;
    private long started = Long.MIN_VALUE;

    public FirstSeen(Settings s) {
        this.s = s;
        this.newDomain = s.newDomainMinutes * 60_000_000_000L;
        this.warmup = s.domainWarmupMinutes * 60_000_000_000L;
        this.ja4Learning = s.ja4LearningHours * 3_600_000_000_000L;
        this.domains = new BoundedMap<>(s.maxDomains);
        this.fingerprints = new BoundedMap<>(s.maxFingerprints);
    }

    @Override
    public String name() { return "first-seen"; }

    @Override
    public void observe(NetworkEvent e, Findings out) {
        if (started == Long.MIN_VALUE) started = e.orderNanos();
        switch (e) {
            case DnsLookup d when !d.response() -> seen(d.query(), d.tsNanos());
            case TlsHello t -> {
                seen(t.sni(), t.tsNanos());
                ja4(t, out);
            }
            case HttpExchange h -> {
                long first = seen(h.host(), h.tsNanos());
                payload(h, first, out);
            }
            default -> { }
        }
    }

    /** Notes a sighting of {@code name}'s registered domain; returns when the network first saw it (or MIN_VALUE). */
    private long seen(String name, long t) {
        String d = RegisteredDomain.of(name);
        if (d == null) return Long.MIN_VALUE;
        Long first = domains.get(d);
        if (first == null) domains.put(d, first = t);
        return first;
    }

    private void payload(HttpExchange h, long first, Findings out) {
        if (first == Long.MIN_VALUE || h.status() < 200 || h.status() >= 300 || h.contentType() == null) return;
        if (first - started < warmup || h.tsNanos() - first > newDomain) return;
        String type = h.contentType().toLowerCase(Locale.ROOT);
        boolean payload = false;
        for (String p : s.payloadTypes) payload |= type.startsWith(p);
        if (!payload) return;
        String domain = RegisteredDomain.of(h.host());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("domain", domain);
        ev.put("first_seen_seconds_before", (h.tsNanos() - first) / 1_000_000_000L);
        ev.put("content_type", h.contentType());
        if (h.uri() != null) ev.put("url", h.uri().length() > 200 ? h.uri().substring(0, 200) : h.uri());
        ev.put("bytes", h.responseBytes());
        out.report(new Finding(BehaviorSignature.FIRST_SEEN_DOMAIN, h.tsNanos(), 0.7, h.src(), h.srcPort(), h.dst(), h.dstPort(), "tcp",
                h.src() + ">" + domain, h.host(), "http.hostname", first, h.tsNanos(), ev));
    }

    private void ja4(TlsHello t, Findings out) {
        if (t.ja4() == null || t.ja4().isEmpty()) return;
        boolean known = fingerprints.containsKey(t.ja4());
        fingerprints.put(t.ja4(), t.tsNanos());
        if (known || t.orderNanos() - started < ja4Learning) return;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("ja4", t.ja4());
        if (t.ja3() != null) ev.put("ja3", t.ja3());
        ev.put("learned_hours", (t.orderNanos() - started) / 3_600_000_000_000L);
        out.report(new Finding(BehaviorSignature.FIRST_SEEN_JA4, t.tsNanos(), 0.5, t.src(), t.srcPort(), t.dst(), t.dstPort(), "tcp",
                t.ja4(), t.sni(), t.sni() == null ? null : "tls.sni", t.tsNanos(), t.tsNanos(), ev));
    }

    @Override
    public long trackedKeys() { return domains.size() + fingerprints.size(); }

    @Override
    public long evicted() { return domains.evicted() + fingerprints.evicted(); }
}
