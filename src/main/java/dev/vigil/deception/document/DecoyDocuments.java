package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Project;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The whole set of decoy documents for one false organisation, by the relative path each is planted at:
 * project status reports and a VPN guide that beacon when opened, a network diagram, a staff directory,
 * handover notes, and a deploy {@code .env} and backup {@code .ini} holding the planted credentials.
 */
public final class DecoyDocuments {
    private DecoyDocuments() {}

    public static final String VPN_GUIDE = "Documents/IT/vpn-access.pdf", NETWORK = "Documents/IT/network-diagram.txt",
            NOTES = "Documents/IT/handover-notes.txt", STAFF = "Documents/HR/staff-directory.csv", ENV = "deploy/.env",
            INI = "backup/backup.ini";

    /** Caps what {@link #writeTo} accepts, so a caller's bug cannot fill a disk. */
    static final int MAX_FILES = 1000;
    static final long MAX_BYTES = 64L << 20;

    public static String statusReportPath(FalseOrganisation org, Project p) {
        return "Documents/Projects/" + p.codename() + "_status_" + Quarter.of(org.asOf()) + ".docx";
    }

    /**
     * @param creds     the honeytoken credentials to plant; one whose system is {@code aws} (or {@code api-key})
     *                  is written as the AWS-style key pair of the .env (user name = access key id, password = secret)
     * @param beaconFor the beacon URL of the document at a path (asked once per beaconing document)
     */
    public static Map<String, byte[]> generate(FalseOrganisation org, List<PlantedCredential> creds, Function<String, URI> beaconFor) {
        if (creds == null || creds.isEmpty()) throw new IllegalArgumentException("decoy documents need at least one planted credential");
        PlantedCredential apiKey = creds.stream().filter(c -> c.isFor("aws", "api-key", "apikey")).findFirst().orElse(null);
        List<PlantedCredential> logins = new ArrayList<>(creds);
        logins.remove(apiKey);
        if (logins.isEmpty()) throw new IllegalArgumentException("decoy documents need a login credential besides the API key");

        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Project p : org.projects()) {
            String path = statusReportPath(org, p);
            files.put(path, DocxBeacon.render(org, p, beaconFor.apply(path)));
        }
        files.put(VPN_GUIDE, PdfBeacon.render(org, beaconFor.apply(VPN_GUIDE)));
        files.put(NETWORK, NetworkDiagram.render(org));
        files.put(NOTES, HandoverNotes.render(org));
        files.put(STAFF, StaffDirectory.render(org));
        files.put(ENV, EnvFile.render(org, logins, apiKey == null ? null : apiKey.username(), apiKey == null ? null : apiKey.password()));
        files.put(INI, IniFile.render(org, logins));
        return files;
    }

    /**
     * Writes documents under {@code dir}; a name that is absolute, has a {@code ..} segment, or would land
     * outside {@code dir} is refused before anything is written.
     */
    public static void writeTo(Path dir, Map<String, byte[]> files) throws IOException {
        if (files.size() > MAX_FILES) throw new IllegalArgumentException("too many files: " + files.size());
        Path root = dir.toAbsolutePath().normalize();
        Map<Path, byte[]> targets = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            targets.put(resolve(root, e.getKey()), e.getValue());
            total += e.getValue().length;
        }
        if (total > MAX_BYTES) throw new IllegalArgumentException("documents too large: " + total + " bytes");
        for (Map.Entry<Path, byte[]> e : targets.entrySet()) {
            Files.createDirectories(e.getKey().getParent());
            Files.write(e.getKey(), e.getValue());
        }
    }

    static Path resolve(Path root, String name) {
        if (name == null || name.isEmpty() || name.length() > 500 || name.indexOf('\0') >= 0) throw new IllegalArgumentException("bad document name");
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) throw new IllegalArgumentException("absolute document name refused: " + name);
        for (String seg : n.split("/")) {
            if (seg.equals("..")) throw new IllegalArgumentException("document name with '..' refused: " + name);
        }
        Path p = Path.of(n);
        if (p.isAbsolute()) throw new IllegalArgumentException("absolute document name refused: " + name);
        Path target = root.resolve(p).normalize();
        if (!target.startsWith(root) || target.equals(root)) throw new IllegalArgumentException("document name outside the directory: " + name);
        return target;
    }
}
