package dev.vigil.scenario.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios Vigil ships: {@code espionage-contractor}, a whole intrusion in the style public
 * reporting describes for i-Soon's and APT41's operators (scan and exploit the perimeter, phish a
 * researcher, beacon over HTTPS and DNS, scan inside, guess passwords, move over SMB admin shares,
 * stage and exfiltrate documents), and one small scenario per step for detector tests.
 */
public final class Campaigns {
    private Campaigns() {}

    public static final String ESPIONAGE_CONTRACTOR = "espionage-contractor";

    private static final Map<String, Campaign> ALL = build();

    private static Map<String, Campaign> build() {
        Map<String, Campaign> m = new LinkedHashMap<>();
        List<Campaign.Planned> plan = new ArrayList<>();
        plan.add(new Campaign.Planned(new ReconScan(), 0.04, 0.05));
        plan.add(new Campaign.Planned(new ExploitPublicApp(), 0.08, 0.09));
        // after the exploit whatever the seed's shift (each step moves by up to 0.015 of the span)
        plan.add(new Campaign.Planned(new ToolTransfer(), 0.096, 0.10));
        plan.add(new Campaign.Planned(new DnsC2(), 0.10, 0.98));
        plan.add(new Campaign.Planned(new SpearphishingLink(), 0.37, 0.38));
        plan.add(new Campaign.Planned(new HttpsBeacon(), 0.40, 0.98));
        plan.add(new Campaign.Planned(new InternalScan(), 0.45, 0.46));
        plan.add(new Campaign.Planned(new SshBruteForce(), 0.48, 0.50));
        plan.add(new Campaign.Planned(new HoneytokenUse(), 0.52, 0.53));
        plan.add(new Campaign.Planned(new SmbLateralMovement(), 0.56, 0.57));
        plan.add(new Campaign.Planned(new DataStaging(), 0.62, 0.64));
        plan.add(new Campaign.Planned(new HttpsExfiltration(), 0.85, 0.87));
        plan.add(new Campaign.Planned(new DnsTunnelExfiltration(), 0.90, 0.92));
        m.put(ESPIONAGE_CONTRACTOR, new Campaign(ESPIONAGE_CONTRACTOR,
                "A contractor crew's intrusion end to end: perimeter scan, exploit, tool transfer, phishing, HTTPS and DNS C2, internal scan, "
                        + "password guessing, honeytoken use, SMB lateral movement, staging, HTTPS and DNS-tunnel exfiltration",
                plan));
        for (Campaign.Planned p : plan) {
            Step s = p.step();
            m.put(s.id(), new Campaign(s.id(), "Background traffic with one activity: " + s.id(),
                    List.of(new Campaign.Planned(s, 0.25, p.until() - p.from() > 0.2 ? 0.95 : 0.3))));
        }
        return m;
    }

    public static Campaign get(String name) {
        Campaign c = ALL.get(name);
        if (c == null) throw new IllegalArgumentException("no scenario named '" + name + "'; known: " + String.join(", ", ALL.keySet()));
        return c;
    }

    public static List<Campaign> all() {
        return List.copyOf(ALL.values());
    }
}
