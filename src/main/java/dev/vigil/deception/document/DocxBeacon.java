package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Milestone;
import dev.vigil.deception.document.FalseOrganisation.Person;
import dev.vigil.deception.document.FalseOrganisation.Project;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.openxml4j.opc.TargetMode;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHeader;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRelation;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.xmlbeans.XmlException;
import org.apache.xmlbeans.XmlToken;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.text.NumberFormat;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A project status report (Word) that calls home when opened.
 *
 * <p>The beacon: the page header holds a one-pixel picture whose image is not stored in the file but
 * <em>linked</em>: the header part has a relationship of the image type with {@code TargetMode="External"}
 * whose target is the beacon URL, and the picture's {@code <a:blip r:link="rIdN"/>} names that relationship
 * (an embedded picture would say {@code r:embed}). To draw the header Word fetches the target, so opening
 * the document makes an HTTP GET to the beacon from the reader's machine (with its address and, through a
 * proxy, often its user). A header is used because it is drawn on every page and nobody edits it. Word in
 * Protected View (files from the internet or from mail) delays the fetch until editing is enabled; other
 * word processors may not fetch linked pictures at all.
 */
public final class DocxBeacon {
    private DocxBeacon() {}

    static final String IMAGE_RELATION = XWPFRelation.IMAGES.getRelation();
    private static final int PIXEL_EMU = 9525;

    public static byte[] render(FalseOrganisation org, Project project, URI beacon) {
        if (!org.projects().contains(project)) throw new IllegalArgumentException("project " + project.codename() + " is not one of " + org.name() + "'s");
        checkBeacon(beacon);
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            properties(doc, org, project);
            header(doc, org, project, beacon);
            body(doc, org, project);
            doc.write(out);
            return fixedTimes(out.toByteArray(), org.asOf().atTime(16, 42));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XmlException e) {
            throw new IllegalStateException("the beacon drawing did not parse", e);
        }
    }

    /**
     * The package with every entry's time set to {@code time}: POI stamps entries with the clock, and the
     * same organisation must give the same bytes. A local time keeps the bytes independent of the time zone.
     */
    static byte[] fixedTimes(byte[] zip, LocalDateTime time) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTimeLocal(time);
                z.putNextEntry(copy);
                in.transferTo(z);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static void checkBeacon(URI beacon) {
        if (beacon == null || !beacon.isAbsolute() || !("http".equals(beacon.getScheme()) || "https".equals(beacon.getScheme())) || beacon.getHost() == null) {
            throw new IllegalArgumentException("a beacon is an absolute http(s) URL: " + beacon);
        }
    }

    private static void properties(XWPFDocument doc, FalseOrganisation org, Project project) {
        var core = doc.getProperties().getCoreProperties();
        core.setCreator(project.lead().fullName());
        core.setLastModifiedByUser(project.lead().fullName());
        core.setTitle(project.codename() + " status report " + Quarter.of(org.asOf()));
        // dates from the organisation, not the clock: the same organisation gives the same bytes
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC), Locale.ROOT);
        c.setTimeInMillis(org.asOf().atTime(16, 42).toInstant(ZoneOffset.UTC).toEpochMilli());
        core.setCreated(Optional.of(c.getTime()));
        core.setModified(Optional.of(c.getTime()));
        doc.getProperties().getExtendedProperties().getUnderlyingProperties().setCompany(org.name());
    }

    private static void header(XWPFDocument doc, FalseOrganisation org, Project project, URI beacon) throws XmlException {
        XWPFHeader header = doc.createHeader(HeaderFooterType.DEFAULT);
        PackageRelationship rel = header.getPackagePart().addExternalRelationship(beacon.toASCIIString(), IMAGE_RELATION);
        if (rel.getTargetMode() != TargetMode.EXTERNAL) throw new IllegalStateException("beacon relationship is not external");
        XWPFParagraph p = header.createParagraph();
        p.setAlignment(ParagraphAlignment.RIGHT);
        XWPFRun logo = p.createRun();
        // set() puts the parsed element inside the run's <w:drawing> (parsing a whole <w:drawing> would nest two of them)
        logo.getCTR().addNewDrawing().set(XmlToken.Factory.parse(linkedPicture(rel.getId())));
        XWPFRun text = p.createRun();
        text.setText(" " + org.name() + " - " + project.codename() + " - CONFIDENTIAL");
        text.setFontSize(8);
        text.setColor("808080");
    }

    private static String linkedPicture(String relId) {
        return """
                <wp:inline distT="0" distB="0" distL="0" distR="0"
                    xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
                    xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
                    xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                    <wp:extent cx="%1$d" cy="%1$d"/>
                    <wp:docPr id="1" name="Logo"/>
                    <a:graphic>
                      <a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
                        <pic:pic>
                          <pic:nvPicPr><pic:cNvPr id="1" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>
                          <pic:blipFill><a:blip r:link="%2$s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>
                          <pic:spPr>
                            <a:xfrm><a:off x="0" y="0"/><a:ext cx="%1$d" cy="%1$d"/></a:xfrm>
                            <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
                          </pic:spPr>
                        </pic:pic>
                      </a:graphicData>
                    </a:graphic>
                </wp:inline>""".formatted(PIXEL_EMU, relId);
    }

    private static void body(XWPFDocument doc, FalseOrganisation org, Project project) {
        heading(doc, "Project " + project.codename() + ": status report " + Quarter.of(org.asOf()), 18);
        paragraph(doc, org.name() + " - internal - do not forward outside the project team");
        paragraph(doc, "Reporting date: " + org.asOf() + "    Project lead: " + project.lead().fullName()
                + " (" + project.lead().email() + ", ext. " + project.lead().extension() + ")");

        heading(doc, "1. Summary", 14);
        paragraph(doc, project.description());
        Milestone current = project.milestones().stream().filter(m -> m.status().equals("In progress")).findFirst().orElse(project.milestones().getLast());
        long late = project.milestones().stream().filter(m -> m.status().equals("Late")).count();
        paragraph(doc, "Current phase: " + current.name() + " (due " + current.due() + ", owner " + current.owner().fullName() + "). "
                + (late == 0 ? "All earlier milestones were met." : late + " earlier milestone(s) slipped; see the risks section."));
        paragraph(doc, "Approved budget: EUR " + NumberFormat.getIntegerInstance(Locale.UK).format(project.budgetEur())
                + ". Partner: " + project.partner() + ". Budget holder: " + org.head("Finance").fullName() + ".");

        heading(doc, "2. Milestones", 14);
        XWPFTable table = doc.createTable(project.milestones().size() + 1, 4);
        String[] head = {"Milestone", "Due", "Status", "Owner"};
        for (int c = 0; c < head.length; c++) cell(table, 0, c, head[c], true);
        for (int r = 0; r < project.milestones().size(); r++) {
            Milestone m = project.milestones().get(r);
            cell(table, r + 1, 0, m.name(), false);
            cell(table, r + 1, 1, m.due().toString(), false);
            cell(table, r + 1, 2, m.status(), false);
            cell(table, r + 1, 3, m.owner().fullName(), false);
        }

        heading(doc, "3. Team", 14);
        for (Person p : project.members()) {
            paragraph(doc, "- " + p.fullName() + ", " + p.title() + " (" + p.department() + "), " + p.email() + ", ext. " + p.extension());
        }

        heading(doc, "4. Risks and actions", 14);
        Person security = org.department("IT Operations").getLast();
        paragraph(doc, "- Test data and build artefacts are on \\\\" + org.fileServer().fqdn() + "\\projects\\" + project.codename().toLowerCase(Locale.ROOT)
                + "; access is by project group only. Owner: " + security.fullName() + ".");
        paragraph(doc, "- Partner access to the integration environment goes through " + org.jumpHost().hostname()
                + " over the VPN (" + org.vpnGateway().publicName() + "). Accounts expire at the end of the quarter.");
        paragraph(doc, "- Export control review of the partner deliverables: " + org.head("Legal").fullName() + ".");
        paragraph(doc, "Next report due at the end of the following quarter. Questions to " + project.lead().fullName() + ".");
    }

    private static void heading(XWPFDocument doc, String text, int size) {
        XWPFRun r = doc.createParagraph().createRun();
        r.setBold(true);
        r.setFontSize(size);
        r.setText(text);
    }

    private static void paragraph(XWPFDocument doc, String text) {
        doc.createParagraph().createRun().setText(text);
    }

    private static void cell(XWPFTable table, int row, int col, String text, boolean bold) {
        XWPFRun r = table.getRow(row).getCell(col).getParagraphs().getFirst().createRun();
        r.setBold(bold);
        r.setText(text);
    }
}
