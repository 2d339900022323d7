package dev.vigil.scenario.org;

import dev.vigil.scenario.wire.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The outside web an office browses: search, mail, news, office suites, vendors, with popularity
 * falling off as in real proxy logs (Zipf), shared content networks, and a few old sites that still
 * serve plain HTTP or only TLS 1.2. Names are under the reserved {@code .example} TLD.
 */
final class WebCatalogue {
    private WebCatalogue() {}

    /** name, https, tls13 */
    private static final Object[][] SITES = {
            {"www.search-engine.example", true, true}, {"mail.webmail-service.example", true, true},
            {"www.office-suite.example", true, true}, {"login.office-suite.example", true, true},
            {"www.video-stream.example", true, true}, {"www.dailynews.example", true, true},
            {"www.worldnews-wire.example", true, true}, {"www.social-network.example", true, true},
            {"www.code-hosting.example", true, true}, {"www.encyclopedia.example", true, true},
            {"www.weather-now.example", true, true}, {"www.travel-booking.example", true, false},
            {"www.bank-online.example", true, false}, {"www.hr-payroll.example", true, false},
            {"www.crm-cloud.example", true, true}, {"www.shop-supplies.example", true, true},
            {"www.maps-service.example", true, true}, {"www.translate-tool.example", true, true},
            {"www.conference-calls.example", true, true}, {"www.file-share.example", true, true},
            {"www.tech-forum.example", true, true}, {"www.standards-body.example", true, false},
            {"www.university-library.example", false, false}, {"www.city-council.example", false, false},
            {"www.local-radio.example", false, false}, {"www.trade-journal.example", true, false},
            {"www.stock-quotes.example", true, true}, {"www.job-board.example", true, true},
            {"www.vendor-support.example", true, false}, {"www.printer-drivers.example", false, false}};

    private static final Object[][] CDNS = {
            {"static.cdn-edge.example", true, true}, {"img.cdn-edge.example", true, true},
            {"fonts.webfonts.example", true, true}, {"js.analytics-tag.example", true, true},
            {"ads.adnetwork.example", true, true}};

    static List<Site> sites(BiFunction<String, String, Host> outside) {
        List<Site> cdns = new ArrayList<>();
        for (int i = 0; i < CDNS.length; i++) {
            cdns.add(new Site((String) CDNS[i][0], outside.apply((String) CDNS[i][0], "203.0.113." + (10 + i)),
                    (Boolean) CDNS[i][1], (Boolean) CDNS[i][2], 0, List.of()));
        }
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < SITES.length; i++) {
            String name = (String) SITES[i][0];
            boolean https = (Boolean) SITES[i][1];
            List<Site> res = new ArrayList<>();
            // popular sites pull two shared resources, the rest one, old plain-HTTP sites none
            if (https) {
                res.add(cdns.get(i % cdns.size()));
                if (i < 12) res.add(cdns.get((i + 2) % cdns.size()));
            }
            out.add(new Site(name, outside.apply(name, "192.0.2." + (10 + i)), https, (Boolean) SITES[i][2],
                    1.0 / (i + 1), List.copyOf(res)));
        }
        return List.copyOf(out);
    }

    static Site site(String name, Host server, boolean https, boolean tls13) {
        return new Site(name, server, https, tls13, 0, List.of());
    }
}
