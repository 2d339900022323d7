package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Person;
import dev.vigil.deception.document.FalseOrganisation.Project;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHeader;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.util.Iterator;
import java.util.Map;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocxBeaconTest {
    private static final String IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

    @Test
    void headerLinksAnExternalImageAtTheBeacon() throws Exception {
        FalseOrganisation org = DocumentFixtures.org();
        Project project = org.projects().getFirst();
        URI beacon = URI.create("https://static.canary.vigil.internal/static/q8w7e6r5t4y3u2i1.png");
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(DocxBeacon.render(org, project, beacon)))) {
            List<PackageRelationship> external = new ArrayList<>();
            String referencingXml = null;
            for (XWPFHeader h : doc.getHeaderList()) {
                PackagePart part = h.getPackagePart();
                for (PackageRelationship r : part.getRelationships()) {
                    if (r.getTargetMode() == TargetMode.EXTERNAL && r.getRelationshipType().equals(IMAGE)) {
                        external.add(r);
                        try (InputStream in = part.getInputStream()) {
                            referencingXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            assertThat(external).hasSize(1);
            PackageRelationship rel = external.getFirst();
            assertThat(rel.getTargetURI()).isEqualTo(beacon);
            // the picture must name the relationship as a link (fetched) and not as an embedded part
            assertThat(referencingXml).containsPattern("<a:blip[^>]*r:link=\"" + rel.getId() + "\"");
            assertThat(referencingXml).doesNotContain("r:embed");
            // and it must sit where Word looks for a picture: run > drawing > inline > graphic > pic > blipFill > blip
            assertThat(blipLinks(referencingXml)).containsExactly(rel.getId());
            // the beacon is not also in the body's parts (one fetch per open, from the header)
            for (PackageRelationship r : doc.getPackagePart().getRelationships()) assertThat(r.getTargetMode()).isNotEqualTo(TargetMode.EXTERNAL);
        }
    }

    /** The r:link of every blip at the one place an inline picture of a header paragraph has it. */
    private static List<String> blipLinks(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        XPath xp = XPathFactory.newInstance().newXPath();
        Map<String, String> ns = Map.of("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
                "a", "http://schemas.openxmlformats.org/drawingml/2006/main",
                "pic", "http://schemas.openxmlformats.org/drawingml/2006/picture",
                "r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        xp.setNamespaceContext(new NamespaceContext() {
            public String getNamespaceURI(String p) { return ns.get(p); }
            public String getPrefix(String u) { return null; }
            public Iterator<String> getPrefixes(String u) { return null; }
        });
        NodeList nodes = (NodeList) xp.evaluate("/w:hdr/w:p/w:r/w:drawing/wp:inline/a:graphic/a:graphicData/pic:pic/pic:blipFill/a:blip/@r:link", d, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getNodeValue());
        return out;
    }

    @Test
    void contentIsAStatusReportAboutRealStaff() throws Exception {
        FalseOrganisation org = DocumentFixtures.org();
        for (Project project : org.projects()) {
            byte[] bytes = DocxBeacon.render(org, project, DocumentFixtures.beacon(project.codename()));
            try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes));
                 XWPFWordExtractor ex = new XWPFWordExtractor(doc)) {
                String text = ex.getText();
                assertThat(text).contains("Project " + project.codename(), project.lead().fullName(), project.partner(), "Milestones");
                for (Person p : project.members()) assertThat(text).contains(p.fullName(), p.email());
                XWPFTable table = doc.getTables().getFirst();
                assertThat(table.getNumberOfRows()).isEqualTo(project.milestones().size() + 1);
                for (int i = 0; i < project.milestones().size(); i++) {
                    var m = project.milestones().get(i);
                    assertThat(table.getRow(i + 1).getCell(0).getText()).isEqualTo(m.name());
                    assertThat(table.getRow(i + 1).getCell(1).getText()).isEqualTo(m.due().toString());
                    String owner = table.getRow(i + 1).getCell(3).getText();
                    assertThat(org.staff().stream().map(Person::fullName)).contains(owner);
                }
                assertThat(doc.getProperties().getCoreProperties().getCreator()).isEqualTo(project.lead().fullName());
            }
        }
    }

    @Test
    void refusesForeignProjectsAndNonHttpBeacons() {
        FalseOrganisation org = DocumentFixtures.org();
        FalseOrganisation other = FalseOrganisation.generate(1, "Other", "other.example");
        assertThatThrownBy(() -> DocxBeacon.render(org, other.projects().getFirst(), DocumentFixtures.beacon("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DocxBeacon.render(org, org.projects().getFirst(), URI.create("file:///etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
