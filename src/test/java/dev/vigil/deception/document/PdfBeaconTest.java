package dev.vigil.deception.document;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PdfBeaconTest {

    @Test
    void openActionAndLinkGoToTheBeacon() throws Exception {
        FalseOrganisation org = DocumentFixtures.org();
        URI beacon = URI.create("http://static.canary.vigil.internal/static/z1x2c3v4b5n6m7a8.png");
        try (PDDocument doc = Loader.loadPDF(PdfBeacon.render(org, beacon))) {
            assertThat(doc.getDocumentCatalog().getOpenAction()).isInstanceOf(PDActionURI.class);
            assertThat(((PDActionURI) doc.getDocumentCatalog().getOpenAction()).getURI()).isEqualTo(beacon.toString());
            List<PDAnnotation> links = doc.getPages().get(0).getAnnotations().stream().filter(a -> a instanceof PDAnnotationLink).toList();
            assertThat(links).hasSize(1);
            assertThat(((PDActionURI) ((PDAnnotationLink) links.getFirst()).getAction()).getURI()).isEqualTo(beacon.toString());
        }
    }

    @Test
    void textIsAVpnGuideForTheInventory() throws Exception {
        FalseOrganisation org = DocumentFixtures.org();
        try (PDDocument doc = Loader.loadPDF(PdfBeacon.render(org, DocumentFixtures.beacon("vpn")))) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("VPN access guide", org.vpnGateway().publicName(), org.vpnGateway().ip(),
                    org.jumpHost().hostname(), org.jumpHost().ip(), org.domainController().hostname(),
                    org.subnet(org.headquarters(), "VPN clients").cidr(), org.head("IT Operations").fullName());
            for (var site : org.sites()) assertThat(text).contains(org.subnet(site, "servers").cidr());
            assertThat(doc.getDocumentInformation().getAuthor()).isEqualTo(org.head("IT Operations").fullName());
        }
    }
}
