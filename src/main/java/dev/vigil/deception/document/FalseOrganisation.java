package dev.vigil.deception.document;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * An organisation that does not exist: its staff, projects and network, drawn from a seed. Every decoy
 * document is written from one of these, so what an intruder carries away agrees with itself — the
 * manager of an engineer is the head of engineering, the host a config file names is in the network
 * diagram, the lead of a project is in the staff directory — and a careful reader finds nothing that
 * gives the fake away. The same seed, name, domain and date always give the same organisation
 * ({@link Random}'s algorithm is fixed by its specification), so documents can be regenerated.
 */
public final class FalseOrganisation {

    /** One member of staff; {@code managerEmail} is null only for the chief executive. */
    public record Person(String firstName, String lastName, String title, String department, String email,
                         String extension, String managerEmail) {
        public String fullName() { return firstName + " " + lastName; }
    }

    public record Milestone(String name, LocalDate due, String status, Person owner) {}

    public record Project(String codename, String description, Person lead, List<Person> members, String partner,
                          long budgetEur, List<Milestone> milestones) {}

    public record Subnet(String cidr, String purpose) {
        /** The network address, the part before the slash. */
        public String network() { return cidr.substring(0, cidr.indexOf('/')); }
    }

    public record Site(String code, String city, boolean headquarters, List<Subnet> subnets) {}

    /**
     * One machine. {@code publicName} is the name it answers to from outside (only the VPN gateway has one);
     * {@code fqdn} is its name in the internal AD domain.
     */
    public record Host(String hostname, String fqdn, String ip, String role, String site, String subnet, String publicName) {}

    public static final String DC = "domain controller", FILE_SERVER = "file server", VPN = "VPN gateway",
            JUMP = "jump host", DATABASE = "database server", BACKUP = "backup server", MAIL = "mail relay",
            APP = "application server", GIT = "source control";

    /** The date documents are written as of when the caller gives none; fixed so generation never reads the clock. */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 9, 30);

    private final long seed;
    private final String name;
    private final String domain;
    private final String adDomain;
    private final LocalDate asOf;
    private final List<Person> staff;
    private final List<Project> projects;
    private final List<Site> sites;
    private final List<Host> hosts;

    private FalseOrganisation(long seed, String name, String domain, LocalDate asOf, List<Person> staff,
                              List<Project> projects, List<Site> sites, List<Host> hosts) {
        this.seed = seed;
        this.name = name;
        this.domain = domain;
        this.adDomain = "corp." + domain;
        this.asOf = asOf;
        this.staff = List.copyOf(staff);
        this.projects = List.copyOf(projects);
        this.sites = List.copyOf(sites);
        this.hosts = List.copyOf(hosts);
    }

    public static FalseOrganisation generate(long seed, String name, String domain) {
        return generate(seed, name, domain, DEFAULT_AS_OF);
    }

    public static FalseOrganisation generate(long seed, String name, String domain, LocalDate asOf) {
        if (name == null || name.isBlank() || name.length() > 100 || name.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("an organisation needs a name of 1-100 printable characters");
        }
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (d.length() > 180 || !d.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            throw new IllegalArgumentException("not a domain name: '" + domain + "'");
        }
        if (asOf == null) throw new IllegalArgumentException("asOf is required");
        Random rng = new Random(seed);
        String n = name.strip();
        List<Person> staff = staff(rng, d);
        List<Project> projects = projects(rng, staff, asOf);
        List<Site> sites = sites(rng);
        List<Host> hosts = hosts(rng, sites, "corp." + d, d);
        return new FalseOrganisation(seed, n, d, asOf, staff, projects, sites, hosts);
    }

    // ---- staff ----

    // Names are written in the Latin-1/WinAnsi range so every renderer (PDF standard fonts included) can print them.
    private static final String[] FIRST = {
            "Amara", "Björn", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ingrid", "Javier",
            "Kwame", "Leila", "Mateus", "Nadia", "Oskar", "Priya", "Quentin", "Rafael", "Sofía", "Tomasz",
            "Ursula", "Vikram", "Wiebke", "Xavier", "Yusuf", "Zanele", "Aiko", "Bruno", "Camille", "Darius",
            "Emeka", "Freya", "Goran", "Helena", "Idris", "Jana", "Kenji", "Lucía", "Marek", "Noor",
            "Olumide", "Paola", "Rania", "Søren", "Tariq", "Valentina", "Wei", "Yara", "Zoltán", "Anouk",
            "Bilal", "Catalina", "Eero", "Fatima", "Hugo", "Isabel", "Jonas", "Katarina", "Malik", "Nils"};
    private static final String[] LAST = {
            "Okafor", "Lindqvist", "Moreau", "Nakamura", "Petrović", "Haddad", "Fernandes", "Kowalczyk", "Achterberg", "Rossi",
            "Mensah", "Dubois", "Yilmaz", "Chen", "Nørgaard", "Mahlangu", "Ortega", "Schäfer", "Varga", "Iyer",
            "Costa", "Adeyemi", "Brennan", "Kaur", "Lambert", "Horvat", "Sato", "Bergström", "Rahman", "Novák",
            "Alvarez", "Osei", "Keller", "Papadopoulos", "Jansen", "Silva", "Tanaka", "Walsh", "Aziz", "Eriksen",
            "Müller", "Vasquez", "Kim", "Oduya", "Fischer", "Ramírez", "Halvorsen", "Celik", "Dimitrov", "Castillo"};

    private record Department(String name, String head, String[] titles, int min, int max) {}

    private static final Department[] DEPARTMENTS = {
            new Department("Engineering", "Head of Engineering",
                    new String[]{"Senior Software Engineer", "Software Engineer", "Systems Architect", "Test Engineer", "Embedded Engineer"}, 5, 8),
            new Department("Research", "Director of Research",
                    new String[]{"Research Scientist", "Senior Research Scientist", "Research Engineer", "Data Scientist"}, 3, 6),
            new Department("IT Operations", "IT Manager",
                    new String[]{"Systems Administrator", "Network Engineer", "Service Desk Analyst", "Security Engineer"}, 3, 5),
            new Department("Finance", "Finance Director",
                    new String[]{"Financial Controller", "Accountant", "Procurement Officer"}, 2, 4),
            new Department("Legal", "General Counsel",
                    new String[]{"Contracts Manager", "Legal Counsel", "Export Control Officer"}, 2, 3),
            new Department("Human Resources", "HR Director",
                    new String[]{"HR Business Partner", "Recruiter", "Payroll Specialist"}, 2, 3),
            new Department("Sales", "Sales Director",
                    new String[]{"Account Manager", "Business Development Manager", "Bid Manager"}, 2, 4)};

    public static final String EXECUTIVE = "Executive";

    private static List<Person> staff(Random rng, String domain) {
        List<Person> out = new ArrayList<>();
        Set<String> emails = new HashSet<>();
        Set<String> extensions = new HashSet<>();
        Set<String> fullNames = new HashSet<>();
        Person ceo = person(rng, "Chief Executive Officer", EXECUTIVE, null, domain, emails, extensions, fullNames);
        out.add(ceo);
        out.add(person(rng, "Chief Operating Officer", EXECUTIVE, ceo.email(), domain, emails, extensions, fullNames));
        for (Department dep : DEPARTMENTS) {
            Person head = person(rng, dep.head(), dep.name(), ceo.email(), domain, emails, extensions, fullNames);
            out.add(head);
            int size = dep.min() + rng.nextInt(dep.max() - dep.min() + 1);
            for (int i = 0; i < size; i++) {
                out.add(person(rng, dep.titles()[rng.nextInt(dep.titles().length)], dep.name(), head.email(), domain, emails, extensions, fullNames));
            }
        }
        return out;
    }

    private static Person person(Random rng, String title, String department, String manager, String domain,
                                 Set<String> emails, Set<String> extensions, Set<String> fullNames) {
        String first, last;
        do {
            first = FIRST[rng.nextInt(FIRST.length)];
            last = LAST[rng.nextInt(LAST.length)];
        } while (!fullNames.add(first + " " + last));
        String local = ascii(first) + "." + ascii(last);
        String email = local + "@" + domain;
        for (int i = 2; !emails.add(email); i++) email = local + i + "@" + domain;
        String ext;
        do ext = String.valueOf(2000 + rng.nextInt(7000)); while (!extensions.add(ext));
        return new Person(first, last, title, department, email, ext, manager);
    }

    /** How a mail system spells a name: lower case, accents dropped, letters with no decomposition spelled out. */
    static String ascii(String s) {
        String t = s.toLowerCase(Locale.ROOT).replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("đ", "d");
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return t.replaceAll("[^a-z0-9]", "");
    }

    // ---- projects ----

    private static final String[] CODENAMES = {"KESTREL", "BASALT", "NIGHTJAR", "CORMORANT", "TUNDRA", "LODESTAR", "HALCYON",
            "GRANITE", "SIROCCO", "MERIDIAN", "OBSIDIAN", "PELICAN", "ALDER", "CASSIOPEIA", "FJORD", "TAMARIND"};
    private static final String[] SUBJECTS = {
            "next-generation secure radio firmware for field teams",
            "satellite ground-station scheduling software",
            "a low-power sensor mesh for border monitoring",
            "post-quantum key exchange for the VPN product line",
            "the maritime traffic analytics platform",
            "hardened tablets for ministry field offices",
            "the encrypted document exchange for government partners",
            "drone telemetry compression and relay",
            "an identity federation gateway for partner agencies",
            "a predictive maintenance model for rail signalling"};
    private static final String[] PARTNERS = {"Halden Aerosystems", "Nordvik Telecom", "Meridia Defence Systems", "Castellan Cyber",
            "Orbis Geospatial", "Vantor Rail", "Brightwater Maritime", "Kestrel Ridge Labs", "Solenne Photonics", "Tessaly Networks"};
    private static final String[] STAGES = {"Requirements sign-off", "Architecture review", "Prototype demonstration",
            "Security accreditation", "Partner integration test", "Pilot deployment", "Final acceptance"};

    private static List<Project> projects(Random rng, List<Person> staff, LocalDate asOf) {
        List<Person> technical = staff.stream().filter(p -> p.department().equals("Engineering") || p.department().equals("Research")).toList();
        List<Person> contributors = staff.stream().filter(p -> !p.department().equals(EXECUTIVE)).toList();
        List<String> codes = shuffled(rng, CODENAMES);
        List<String> subjects = shuffled(rng, SUBJECTS);
        List<String> partners = shuffled(rng, PARTNERS);
        int count = 3 + rng.nextInt(2);
        List<Project> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String code = codes.get(i).charAt(0) + codes.get(i).substring(1).toLowerCase(Locale.ROOT);
            Person lead = technical.get(rng.nextInt(technical.size()));
            List<Person> members = new ArrayList<>(List.of(lead));
            int teamSize = 3 + rng.nextInt(3);
            while (members.size() < teamSize) {
                Person p = rng.nextInt(3) == 0 ? contributors.get(rng.nextInt(contributors.size())) : technical.get(rng.nextInt(technical.size()));
                if (!members.contains(p)) members.add(p);
            }
            long budget = (400 + rng.nextInt(4600)) * 1_000L;
            List<Milestone> milestones = new ArrayList<>();
            LocalDate due = asOf.minusDays(150 + rng.nextInt(60));
            boolean current = false;
            int stages = 4 + rng.nextInt(3);
            for (int s = 0; s < stages; s++) {
                String status;
                if (due.isBefore(asOf)) status = rng.nextInt(8) == 0 ? "Late" : "Done";
                else if (!current) { status = "In progress"; current = true; }
                else status = "Planned";
                milestones.add(new Milestone(STAGES[s], due, status, members.get(rng.nextInt(members.size()))));
                due = due.plusDays(45 + rng.nextInt(50));
            }
            out.add(new Project(code, "Development of " + subjects.get(i) + ", with " + partners.get(i) + ".", lead,
                    List.copyOf(members), partners.get(i), budget, List.copyOf(milestones)));
        }
        return out;
    }

    private static List<String> shuffled(Random rng, String[] values) {
        List<String> l = new ArrayList<>(List.of(values));
        Collections.shuffle(l, rng);
        return l;
    }

    // ---- network ----

    private static final String[][] CITIES = {{"ber", "Berlin"}, {"lyo", "Lyon"}, {"rtm", "Rotterdam"}, {"opo", "Porto"},
            {"vie", "Vienna"}, {"gdn", "Gdansk"}, {"got", "Gothenburg"}, {"bcn", "Barcelona"}, {"tll", "Tallinn"}, {"mil", "Milan"}};

    private static List<Site> sites(Random rng) {
        List<String[]> cities = new ArrayList<>(List.of(CITIES));
        Collections.shuffle(cities, rng);
        int count = 2 + rng.nextInt(2);
        Set<Integer> octets = new HashSet<>();
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int o;
            do o = 16 + rng.nextInt(200); while (!octets.add(o));
            List<Subnet> subnets = new ArrayList<>();
            if (i == 0) subnets.add(new Subnet("10." + o + ".5.0/24", "DMZ"));
            subnets.add(new Subnet("10." + o + ".10.0/24", "servers"));
            subnets.add(new Subnet("10." + o + ".20.0/22", "clients"));
            subnets.add(new Subnet("10." + o + ".99.0/24", "management"));
            if (i == 0) subnets.add(new Subnet("10." + o + ".200.0/24", "VPN clients"));
            out.add(new Site(cities.get(i)[0], cities.get(i)[1], i == 0, List.copyOf(subnets)));
        }
        return out;
    }

    private static List<Host> hosts(Random rng, List<Site> sites, String adDomain, String domain) {
        List<Host> out = new ArrayList<>();
        for (Site site : sites) {
            Map<String, Set<Integer>> used = new LinkedHashMap<>();
            if (site.headquarters()) {
                out.add(host(rng, site, "vpn", VPN, "DMZ", adDomain, "vpn." + domain, used));
                out.add(host(rng, site, "mail", MAIL, "DMZ", adDomain, null, used));
                out.add(host(rng, site, "dc", DC, "servers", adDomain, null, used));
                out.add(host(rng, site, "fs", FILE_SERVER, "servers", adDomain, null, used));
                out.add(host(rng, site, "db", DATABASE, "servers", adDomain, null, used));
                out.add(host(rng, site, "app", APP, "servers", adDomain, null, used));
                out.add(host(rng, site, "git", GIT, "servers", adDomain, null, used));
                out.add(host(rng, site, "bak", BACKUP, "servers", adDomain, null, used));
                out.add(host(rng, site, "jump", JUMP, "management", adDomain, null, used));
            } else {
                out.add(host(rng, site, "dc", DC, "servers", adDomain, null, used));
                out.add(host(rng, site, "fs", FILE_SERVER, "servers", adDomain, null, used));
            }
        }
        return out;
    }

    private static Host host(Random rng, Site site, String role, String roleName, String purpose, String adDomain,
                             String publicName, Map<String, Set<Integer>> used) {
        Subnet subnet = site.subnets().stream().filter(s -> s.purpose().equals(purpose)).findFirst().orElseThrow();
        String[] net = subnet.network().split("\\.");
        Set<Integer> taken = used.computeIfAbsent(subnet.cidr(), k -> new HashSet<>());
        int last;
        do last = 10 + rng.nextInt(200); while (!taken.add(last));
        String hostname = site.code() + "-" + role + "01";
        return new Host(hostname, hostname + "." + adDomain, net[0] + "." + net[1] + "." + net[2] + "." + last, roleName,
                site.code(), subnet.cidr(), publicName);
    }

    // ---- queries ----

    public long seed() { return seed; }
    public String name() { return name; }
    /** The mail and web domain. */
    public String domain() { return domain; }
    /** The internal Active Directory domain hosts are named under. */
    public String adDomain() { return adDomain; }
    public LocalDate asOf() { return asOf; }
    public List<Person> staff() { return staff; }
    public List<Project> projects() { return projects; }
    public List<Site> sites() { return sites; }
    public List<Host> hosts() { return hosts; }

    public Site headquarters() { return sites.getFirst(); }

    public Optional<Person> person(String email) {
        return staff.stream().filter(p -> p.email().equalsIgnoreCase(email)).findFirst();
    }

    public Optional<Person> manager(Person p) {
        return p.managerEmail() == null ? Optional.empty() : person(p.managerEmail());
    }

    public List<Person> department(String department) {
        return staff.stream().filter(p -> p.department().equals(department)).toList();
    }

    /** The head of a department (the one its members report to); the chief executive for the executive team. */
    public Person head(String department) {
        return staff.stream().filter(p -> p.department().equals(department))
                .filter(p -> p.managerEmail() == null || !person(p.managerEmail()).orElseThrow().department().equals(department))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no department " + department));
    }

    public Optional<Host> host(String hostnameOrFqdn) {
        String h = hostnameOrFqdn.toLowerCase(Locale.ROOT);
        return hosts.stream().filter(x -> x.hostname().equals(h) || x.fqdn().equals(h) || h.equals(x.publicName())).findFirst();
    }

    /** The first host (headquarters first) with a role, one of the role constants. */
    public Host hostFor(String role) {
        return hosts.stream().filter(h -> h.role().equals(role)).findFirst().orElseThrow(() -> new IllegalArgumentException("no " + role));
    }

    public Host vpnGateway() { return hostFor(VPN); }
    public Host domainController() { return hostFor(DC); }
    public Host fileServer() { return hostFor(FILE_SERVER); }
    public Host jumpHost() { return hostFor(JUMP); }
    public Host databaseServer() { return hostFor(DATABASE); }
    public Host backupServer() { return hostFor(BACKUP); }
    public Host mailRelay() { return hostFor(MAIL); }
    public Host applicationServer() { return hostFor(APP); }

    public Subnet subnet(Site site, String purpose) {
        return site.subnets().stream().filter(s -> s.purpose().equals(purpose)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(site.code() + " has no " + purpose + " subnet"));
    }
}
