package dev.vigil.scenario.key;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One side of an activity: an address or a CIDR block (a scan's targets), the port when one
 * port is meant, and the domain name the traffic used when it used one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Party(String ip, Integer port, String domain) {
    public static Party of(String ip) {
        return new Party(ip, null, null);
    }

    public static Party of(String ip, int port) {
        return new Party(ip, port, null);
    }

    public static Party of(String ip, int port, String domain) {
        return new Party(ip, port, domain);
    }
}
