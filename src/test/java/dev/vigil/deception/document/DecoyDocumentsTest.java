package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Host;
import dev.vigil.deception.document.FalseOrganisation.Person;
import dev.vigil.deception.document.FalseOrganisation.Subnet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecoyDocumentsTest {

    private static Map<String, byte[]> generate(FalseOrganisation org, List<String> asked) {
        return DecoyDocuments.generate(org, DocumentFixtures.creds(), path -> {
            asked.add(path);
            return DocumentFixtures.beacon(path);
        });
    }

    @Test
    void generatesTheExpectedSetWithABeaconPerOpeningDocument() {
        FalseOrganisation org = DocumentFixtures.org();
        List<String> asked = new ArrayList<>();
        Map<String, byte[]> files = generate(org, asked);
        assertThat(files).containsKeys(DecoyDocuments.VPN_GUIDE, DecoyDocuments.NETWORK, DecoyDocuments.STAFF, DecoyDocuments.NOTES,
                DecoyDocuments.ENV, DecoyDocuments.INI);
        for (var p : org.projects()) {
            assertThat(files).containsKey("Documents/Projects/" + p.codename() + "_status_2026Q3.docx");
        }
        assertThat(asked).containsExactlyInAnyOrderElementsOf(files.keySet().stream().filter(k -> k.endsWith(".docx") || k.endsWith(".pdf")).toList());
        assertThat(files.values()).allSatisfy(b -> assertThat(b).isNotEmpty());
        String env = new String(files.get(DecoyDocuments.ENV), StandardCharsets.UTF_8);
        assertThat(env).contains("AWS_ACCESS_KEY_ID=" + DocumentFixtures.AWS.username(), "DB_PASSWORD=" + DocumentFixtures.DB.password());
        assertThat(new String(files.get(DecoyDocuments.INI), StandardCharsets.UTF_8))
                .contains("password = " + DocumentFixtures.BACKUP.password()).doesNotContain(DocumentFixtures.AWS.password());
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDifferentOnes() {
        Map<String, byte[]> a = generate(DocumentFixtures.org(), new ArrayList<>());
        // POI and PDFBox stamp files with the clock unless told otherwise: wait for the zip timestamps' 2-second tick to pass
        sleepPastTwoSeconds();
        Map<String, byte[]> b = generate(DocumentFixtures.org(), new ArrayList<>());
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String k : a.keySet()) assertThat(b.get(k)).as(k).isEqualTo(a.get(k));

        Map<String, byte[]> c = generate(FalseOrganisation.generate(DocumentFixtures.SEED + 7, "Halvard Systems GmbH", "halvard-systems.eu"), new ArrayList<>());
        for (String k : List.of(DecoyDocuments.VPN_GUIDE, DecoyDocuments.NETWORK, DecoyDocuments.STAFF, DecoyDocuments.ENV, DecoyDocuments.INI)) {
            assertThat(c.get(k)).as(k).isNotEqualTo(a.get(k));
        }
    }

    private static void sleepPastTwoSeconds() {
        try {
            Thread.sleep(2100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[A-Za-z0-9]");
    private static final Pattern IP = Pattern.compile("(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d.])");
    private static final Pattern HOSTNAME = Pattern.compile("\\b[a-z]{3}-[a-z]+\\d{2}\\b");

    @Test
    void everyPersonHostAndAddressInEveryFileIsInTheOrganisation() throws IOException {
        for (long seed : new long[]{DocumentFixtures.SEED, 1, 2, 3, 99}) {
            FalseOrganisation org = FalseOrganisation.generate(seed, "Halvard Systems GmbH", "halvard-systems.eu");
            Set<String> emails = new HashSet<>(), names = new HashSet<>();
            for (Person p : org.staff()) {
                emails.add(p.email());
                names.add(p.fullName());
            }
            Set<String> hostnames = new HashSet<>(), fqdns = new HashSet<>(), addresses = new HashSet<>();
            for (Host h : org.hosts()) {
                hostnames.add(h.hostname());
                fqdns.add(h.fqdn());
                if (h.publicName() != null) fqdns.add(h.publicName());
                addresses.add(h.ip());
            }
            org.sites().forEach(s -> s.subnets().stream().map(Subnet::network).forEach(addresses::add));
            Pattern domainName = Pattern.compile("(?<![@A-Za-z0-9.-])(?:[a-z0-9-]+\\.)+" + Pattern.quote(org.domain()) + "\\b");

            Map<String, byte[]> files = generate(org, new ArrayList<>());
            Map<String, Integer> hostMentions = new HashMap<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                String text = text(f.getKey(), f.getValue());
                assertThat(text).as(f.getKey()).isNotBlank();
                for (String e : all(EMAIL, text)) assertThat(emails).as("e-mail %s in %s", e, f.getKey()).contains(e);
                for (String ip : all(IP, text)) assertThat(addresses).as("address %s in %s", ip, f.getKey()).contains(ip);
                for (String h : all(HOSTNAME, text)) {
                    assertThat(hostnames).as("host %s in %s", h, f.getKey()).contains(h);
                    hostMentions.merge(f.getKey(), 1, Integer::sum);
                }
                for (String n : all(domainName, text)) {
                    if (n.equals(org.adDomain())) continue;
                    assertThat(fqdns).as("name %s in %s", n, f.getKey()).contains(n);
                }
            }
            // the checks above must have had something to check in the files that name hosts
            assertThat(hostMentions.keySet()).contains(DecoyDocuments.VPN_GUIDE, DecoyDocuments.NETWORK, DecoyDocuments.ENV, DecoyDocuments.INI, DecoyDocuments.NOTES);

            // people are named in full in the documents: every "First Last" pair from the name lists is on the staff
            String csv = new String(files.get(DecoyDocuments.STAFF), StandardCharsets.UTF_8);
            String[] rows = csv.split("\r\n");
            assertThat(rows).hasSize(org.staff().size() + 1);
            for (int i = 1; i < rows.length; i++) {
                String[] c = rows[i].split(",", -1);
                assertThat(names).contains(c[0] + " " + c[1]);
                if (!c[6].isEmpty()) assertThat(emails).contains(c[6]);
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (!f.getKey().endsWith(".docx")) continue;
                String text = text(f.getKey(), f.getValue());
                var project = org.projects().stream().filter(p -> f.getKey().contains(p.codename())).findFirst().orElseThrow();
                long named = names.stream().filter(text::contains).count();
                assertThat(named).isGreaterThanOrEqualTo(project.members().size());
            }
        }
    }

    private static List<String> all(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static String text(String path, byte[] bytes) throws IOException {
        if (path.endsWith(".docx")) {
            try (XWPFDocument d = new XWPFDocument(new ByteArrayInputStream(bytes)); XWPFWordExtractor ex = new XWPFWordExtractor(d)) {
                return ex.getText();
            }
        }
        if (path.endsWith(".pdf")) {
            try (PDDocument d = Loader.loadPDF(bytes)) {
                return new PDFTextStripper().getText(d);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void writesUnderTheDirectory(@TempDir Path dir) throws IOException {
        Map<String, byte[]> files = generate(DocumentFixtures.org(), new ArrayList<>());
        DecoyDocuments.writeTo(dir, files);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertThat(Files.readAllBytes(dir.resolve(f.getKey()))).isEqualTo(f.getValue());
        }
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(files.size());
        }
    }

    @Test
    void refusesNamesOutsideTheDirectory(@TempDir Path dir) throws IOException {
        Path inside = Files.createDirectory(dir.resolve("out"));
        for (String bad : List.of("../escape.txt", "a/../../escape.txt", "/etc/cron.d/x", "..", "a/..", "..\\escape.txt", "C:\\x.txt", "", ".", "a\0b")) {
            Map<String, byte[]> files = new HashMap<>();
            files.put("ok.txt", new byte[]{1});
            files.put(bad, new byte[]{2});
            assertThatThrownBy(() -> DecoyDocuments.writeTo(inside, files)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        // refused before anything was written, not half-way
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void beaconUrlsAreCheckedBeforeUse() {
        assertThatThrownBy(() -> DecoyDocuments.generate(DocumentFixtures.org(), DocumentFixtures.creds(), p -> URI.create("relative/path")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DecoyDocuments.generate(DocumentFixtures.org(), List.of(DocumentFixtures.AWS), DocumentFixtures::beacon))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
