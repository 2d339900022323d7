package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Host;
import dev.vigil.deception.document.FalseOrganisation.Person;
import dev.vigil.deception.document.FalseOrganisation.Site;
import dev.vigil.deception.document.FalseOrganisation.Subnet;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDBorderStyleDictionary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * A VPN access guide (PDF) that calls home when opened.
 *
 * <p>The beacon is the document's {@code /OpenAction}, a URI action on the beacon URL, plus a link annotation
 * on the "self-service portal" line that goes to the same URL when clicked. Which readers fetch it: Adobe
 * Acrobat and Reader run the open action but first ask the user whether to allow the connection (a "Security
 * Warning" the user may answer yes to, and which remembers the site); Foxit and some older or embedded
 * readers follow it with less ceremony; browser viewers (pdf.js in Firefox, PDFium in Chrome and Edge) and
 * macOS Preview ignore URI open actions, so in them only the link, when clicked, fires. The PDF beacon is
 * therefore weaker than the Word one and should be read as "opened in a permissive reader, or link clicked".
 */
public final class PdfBeacon {
    private PdfBeacon() {}

    private static final float MARGIN = 56, TOP = PDRectangle.A4.getHeight() - 56, LEADING = 15;

    public static byte[] render(FalseOrganisation org, URI beacon) {
        DocxBeacon.checkBeacon(beacon);
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDActionURI open = new PDActionURI();
            open.setURI(beacon.toASCIIString());
            doc.getDocumentCatalog().setOpenAction(open);
            // a fixed file identifier: PDFBox would otherwise derive one from the clock, and the same organisation must give the same bytes
            byte[] id = MessageDigest.getInstance("MD5").digest((org.seed() + "|" + org.name() + "|" + org.domain() + "|vpn").getBytes(StandardCharsets.UTF_8));
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            doc.getDocument().setDocumentID(ids);
            info(doc, org);
            new Writer(doc, beacon).write(lines(org));
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void info(PDDocument doc, FalseOrganisation org) {
        PDDocumentInformation info = doc.getDocumentInformation();
        Person author = org.head("IT Operations");
        info.setTitle("VPN access guide - " + org.name());
        info.setAuthor(author.fullName());
        info.setCreator("Microsoft Word");
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC), Locale.ROOT);
        c.setTimeInMillis(org.asOf().minusDays(40).atTime(10, 5).toInstant(ZoneOffset.UTC).toEpochMilli());
        info.setCreationDate(c);
        info.setModificationDate(c);
    }

    /** A line of the guide; a heading is set in bold, a link line carries the beacon. */
    private record Line(String text, boolean heading, boolean link) {
        static Line h(String t) { return new Line(t, true, false); }
        static Line t(String t) { return new Line(t, false, false); }
    }

    private static List<Line> lines(FalseOrganisation org) {
        Host vpn = org.vpnGateway(), jump = org.jumpHost(), dc = org.domainController();
        Person itHead = org.head("IT Operations");
        List<Person> it = org.department("IT Operations");
        Person desk = it.stream().filter(p -> p.title().equals("Service Desk Analyst")).findFirst().orElse(it.getLast());
        Site hq = org.headquarters();
        List<Line> l = new ArrayList<>();
        l.add(Line.h(org.name() + " - VPN access guide"));
        l.add(Line.t("IT Operations, internal. Version 3.2, reviewed " + org.asOf().minusDays(40) + " by " + itHead.fullName() + "."));
        l.add(Line.t(""));
        l.add(Line.h("1. Before you start"));
        l.add(Line.t("You need a company laptop enrolled in the " + org.adDomain() + " domain and your network account."));
        l.add(Line.t("Staff at the " + hq.city() + " office and at the branch sites use the same gateway."));
        l.add(Line.t(""));
        l.add(Line.h("2. Connecting"));
        l.add(Line.t("Gateway address: " + vpn.publicName() + " (internally " + vpn.hostname() + ", " + vpn.ip() + ")."));
        l.add(Line.t("Protocol: IPsec IKEv2 with certificate and password; fallback SSL VPN on TCP 443."));
        l.add(Line.t("Sign in with your network account (firstname.lastname) and the one-time code from the authenticator app."));
        l.add(Line.t("Connected clients get an address from " + org.subnet(hq, "VPN clients").cidr() + "."));
        l.add(new Line("First-time setup and certificate download: self-service portal (click here).", false, true));
        l.add(Line.t(""));
        l.add(Line.h("3. What you can reach"));
        for (Site s : org.sites()) {
            for (Subnet n : s.subnets()) {
                if (n.purpose().equals("VPN clients") || n.purpose().equals("DMZ")) continue;
                l.add(Line.t("  " + s.city() + " " + n.purpose() + ": " + n.cidr()));
            }
        }
        l.add(Line.t("Name resolution and sign-in: " + dc.hostname() + " (" + dc.ip() + ")."));
        l.add(Line.t("Shared drives: \\\\" + org.fileServer().fqdn() + "\\shares (" + org.fileServer().ip() + ")."));
        l.add(Line.t(""));
        l.add(Line.h("4. Administrators"));
        l.add(Line.t("Server administration is only through the jump host " + jump.hostname() + " (" + jump.ip() + "),"));
        l.add(Line.t("reached over the VPN with your admin (adm-) account. Direct RDP/SSH to servers is blocked."));
        l.add(Line.t(""));
        l.add(Line.h("5. Help"));
        l.add(Line.t("Service desk: " + desk.fullName() + ", ext. " + desk.extension() + ", " + desk.email() + "."));
        l.add(Line.t("Escalation: " + itHead.fullName() + " (" + itHead.title() + "), ext. " + itHead.extension() + "."));
        return l;
    }

    /** Lays lines out top to bottom, starting a page when one is full. */
    private static final class Writer {
        private final PDDocument doc;
        private final URI beacon;
        private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private PDPage page;
        private PDPageContentStream cs;
        private float y;

        Writer(PDDocument doc, URI beacon) {
            this.doc = doc;
            this.beacon = beacon;
        }

        void write(List<Line> lines) throws IOException {
            try {
                newPage();
                for (Line line : lines) {
                    PDType1Font font = line.heading() ? bold : regular;
                    float size = line.heading() ? 12 : 10;
                    for (String text : wrap(font, size, printable(font, line.text()))) {
                        if (y < MARGIN) newPage();
                        if (!text.isEmpty()) {
                            cs.beginText();
                            cs.setFont(font, size);
                            cs.newLineAtOffset(MARGIN, y);
                            cs.showText(text);
                            cs.endText();
                            if (line.link()) link(font.getStringWidth(text) / 1000 * size, size);
                        }
                        y -= LEADING;
                    }
                }
            } finally {
                if (cs != null) cs.close();
            }
        }

        /** Breaks a line at spaces so that no piece runs past the right margin. */
        private static List<String> wrap(PDType1Font font, float size, String text) throws IOException {
            float max = PDRectangle.A4.getWidth() - 2 * MARGIN;
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (String word : text.split(" ", -1)) {
                String next = cur.isEmpty() ? word : cur + " " + word;
                if (!cur.isEmpty() && font.getStringWidth(next) / 1000 * size > max) {
                    out.add(cur.toString());
                    cur = new StringBuilder("  " + word);
                } else {
                    cur = new StringBuilder(next);
                }
            }
            out.add(cur.toString());
            return out;
        }

        private void link(float width, float size) throws IOException {
            PDAnnotationLink a = new PDAnnotationLink();
            a.setRectangle(new PDRectangle(MARGIN, y - 3, width, size + 4));
            PDBorderStyleDictionary border = new PDBorderStyleDictionary();
            border.setWidth(0);
            a.setBorderStyle(border);
            PDActionURI action = new PDActionURI();
            action.setURI(beacon.toASCIIString());
            a.setAction(action);
            page.getAnnotations().add(a);
        }

        private void newPage() throws IOException {
            if (cs != null) cs.close();
            page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = TOP;
        }

        /** The text with any character the standard font cannot encode replaced, so an odd name never aborts a document. */
        private static String printable(PDType1Font font, String s) {
            StringBuilder b = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> {
                String c = Character.toString(cp);
                try {
                    font.encode(c);
                    b.append(c);
                } catch (IOException | IllegalArgumentException e) {
                    b.append('?');
                }
            });
            return b.toString();
        }
    }
}
