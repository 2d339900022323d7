package dev.vigil.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Values a capture's records show, for tests that turn them into indicators: the first DNS query name,
 * the first plain-HTTP URL (port 80), and the first TLS handshake with an SNI and JA3 (its name, hash and
 * server address). Taken from a run of the sensor itself, so tests never hard-code what a capture holds.
 */
public record SeenValues(String dnsName, String httpUrl, String tlsSni, String ja3, String tlsServer) {
    public static SeenValues of(List<JsonNode> records) {
        String dns = null, url = null, sni = null, ja3 = null, server = null;
        for (JsonNode r : records) {
            String t = r.path("event_type").asText();
            if (dns == null && t.equals("dns") && r.path("dns").has("queries")) dns = r.path("dns").path("queries").path(0).path("rrname").asText(null);
            if (url == null && t.equals("http") && r.path("http").has("hostname") && r.path("dest_port").asInt() == 80) {
                url = "http://" + r.path("http").path("hostname").asText() + r.path("http").path("url").asText();
            }
            if (sni == null && t.equals("tls") && r.path("tls").has("sni") && r.path("tls").has("ja3")) {
                sni = r.path("tls").path("sni").asText();
                ja3 = r.path("tls").path("ja3").path("hash").asText();
                server = r.path("dest_ip").asText();
            }
        }
        return new SeenValues(dns, url, sni, ja3, server);
    }

    public boolean complete() {
        return dnsName != null && httpUrl != null && tlsSni != null && ja3 != null && tlsServer != null;
    }
}
