package dev.vigil.scenario.org;

import dev.vigil.scenario.tls.BrowserProfile;
import dev.vigil.scenario.tls.SiteCertificates;
import dev.vigil.scenario.wire.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generated organisation: servers, workstations, the DMZ and the outside sites it talks to.
 * Inside addresses are private (10.0.0.0/8), the DMZ and the outside are documentation ranges
 * (RFC 5737): 198.51.100.0/26 the organisation's own public block, 192.0.2.0/24 web sites,
 * 198.51.100.128/25 mail and software vendors, 203.0.113.0/25 content networks; 203.0.113.128/25 is
 * left to campaigns for intruder infrastructure. Nothing here is ever sent on a network.
 */
public final class Organisation {
    public static final String DOMAIN = "corp.example";
    public static final String NETBIOS_DOMAIN = "CORP";
    /** The gateway's hardware address (VRRP's virtual MAC), carried by every frame to or from outside. */
    public static final byte[] GATEWAY_MAC = {0x00, 0x00, 0x5E, 0x00, 0x01, 0x01};
    public static final String USER_NET = "10.20.0.0/16";
    public static final String SERVER_NET = "10.10.0.0/24";
    public static final String DMZ_NET = "198.51.100.0/26";
    /** The blocks the organisation owns: inside (private) and its public DMZ block. */
    public static final java.util.List<String> HOME_NET = java.util.List.of("10.0.0.0/8", DMZ_NET);

    private static final String[] DEPARTMENTS = {"Finance", "Engineering", "Legal", "HR", "Research", "Sales", "IT"};
    private static final String[] GIVEN = {"Anna", "Ben", "Chen", "Dana", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas",
            "Kira", "Liam", "Mona", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Yusuf", "Zoe"};
    private static final String[] FAMILY = {"Albers", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
            "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber"};

    public final Host dc;
    public final Host fileServer;
    public final Host archiveServer;
    public final Host mailServer;
    public final Host updateServer;
    public final Host intranet;
    public final List<Host> linuxServers;
    public final Host dmzWeb;
    public final Host dmzMail;
    public final Host dmzSsh;
    public final List<Workstation> workstations;
    public final List<Site> sites;
    public final Site telemetry;
    public final Site osUpdates;
    public final Site mirror;
    public final Host ntpPool;
    /** Every HTTPS server's certificate chain, made on first use and the same whatever the order of use. */
    public final SiteCertificates certificates;
    public final List<Host> outsideMailServers;
    private final SplittableRandom rng;

    private Organisation(long seed, int workstationCount, long startNanos) {
        this.rng = new SplittableRandom(seed ^ 0x6F72675FL);
        this.certificates = new SiteCertificates(seed, startNanos);
        dc = inside("DC01." + DOMAIN, "10.10.0.10");
        fileServer = inside("FS01." + DOMAIN, "10.10.0.20");
        archiveServer = inside("FS02." + DOMAIN, "10.10.0.21");
        mailServer = inside("MAIL01." + DOMAIN, "10.10.0.25");
        updateServer = inside("WSUS01." + DOMAIN, "10.10.0.30");
        intranet = inside("intranet." + DOMAIN, "10.10.0.35");
        linuxServers = List.of(linux("build01." + DOMAIN, "10.10.0.41"), linux("db01." + DOMAIN, "10.10.0.42"), linux("git01." + DOMAIN, "10.10.0.43"));
        dmzWeb = linux("portal." + DOMAIN, "198.51.100.10");
        dmzMail = linux("mx." + DOMAIN, "198.51.100.25");
        dmzSsh = linux("bastion." + DOMAIN, "198.51.100.22");
        List<Workstation> ws = new ArrayList<>(workstationCount);
        for (int i = 0; i < workstationCount; i++) ws.add(workstation(i));
        workstations = List.copyOf(ws);
        sites = WebCatalogue.sites(this::outside);
        telemetry = WebCatalogue.site("v10.events.telemetry-os.example", outside("telemetry", "198.51.100.140"), true, true);
        osUpdates = WebCatalogue.site("download.update-os.example", outside("updates", "198.51.100.141"), true, false);
        mirror = WebCatalogue.site("deb.mirror-linux.example", outside("mirror", "198.51.100.150"), false, false);
        ntpPool = outside("ntp", "198.51.100.123");
        outsideMailServers = List.of(outside("mx1.partner-mail.example", "198.51.100.160"),
                outside("mail.supplier-co.example", "198.51.100.161"), outside("smtp.bigmail.example", "198.51.100.162"));
    }

    public static Organisation build(long seed, int workstations, long startNanos) {
        if (workstations < 1 || workstations > 60_000) throw new IllegalArgumentException("hosts must be 1..60000: " + workstations);
        return new Organisation(seed, workstations, startNanos);
    }

    /** An outside host at {@code ip}: frames carry the gateway's MAC; 10–70 ms away. */
    public Host outside(String name, String ip) {
        return new Host(name, ip, GATEWAY_MAC, 40 + rng.nextInt(20), 5_000_000L + rng.nextLong(30_000_000L));
    }

    /** An outside host for a campaign's infrastructure (203.0.113.128/25). */
    public Host intruder(String name, int lastOctet) {
        if (lastOctet < 128 || lastOctet > 254) throw new IllegalArgumentException("intruder hosts are 203.0.113.128/25");
        return outside(name, "203.0.113." + lastOctet);
    }

    private Host inside(String name, String ip) {
        return new Host(name, ip, mac(), 128, 50_000L + rng.nextLong(150_000L));
    }

    private Host linux(String name, String ip) {
        return new Host(name, ip, mac(), 64, 50_000L + rng.nextLong(150_000L));
    }

    private Workstation workstation(int i) {
        String dept = DEPARTMENTS[i % DEPARTMENTS.length];
        String given = GIVEN[rng.nextInt(GIVEN.length)];
        String family = FAMILY[rng.nextInt(FAMILY.length)];
        String user = (given.charAt(0) + family).toLowerCase() + (i >= GIVEN.length ? String.valueOf(i) : "");
        String ip = "10.20." + (1 + i / 250) + "." + (10 + i % 250);
        Host h = new Host(String.format("WS-%s-%03d", dept.substring(0, Math.min(3, dept.length())).toUpperCase(), i + 1), ip, mac(), 128,
                100_000L + rng.nextLong(400_000L));
        int b = rng.nextInt(100);
        BrowserProfile browser = b < 55 ? BrowserProfile.CHROME : b < 85 ? BrowserProfile.EDGE : b < 97 ? BrowserProfile.FIREFOX : BrowserProfile.SAFARI;
        boolean admin = dept.equals("IT") || rng.nextInt(100) < 3;
        return new Workstation(h, user, given + " " + family, dept, browser, admin, i);
    }

    /** A locally administered unicast MAC (02:…), unique for the run. */
    private byte[] mac() {
        byte[] m = new byte[6];
        m[0] = 0x02;
        long v = rng.nextLong();
        for (int i = 1; i < 6; i++) m[i] = (byte) (v >>> (8 * i));
        return m;
    }
}
