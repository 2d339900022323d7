package dev.vigil.detect.rules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The address and port variables rules refer to ({@code $HOME_NET}, {@code $HTTP_PORTS}, ...), with
 * the defaults of Suricata's own {@code suricata.yaml}, so that ET Open and Snort rules load as they are.
 * A site sets its own with {@link #setAddress} / {@link #setPort}.
 */
public final class RuleVars {
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Map<String, String> ports = new LinkedHashMap<>();

    /** Suricata's default variables. */
    public static RuleVars defaults() {
        RuleVars v = new RuleVars();
        v.setAddress("HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]");
        v.setAddress("EXTERNAL_NET", "!$HOME_NET");
        for (String n : new String[] {"HTTP_SERVERS", "SMTP_SERVERS", "SQL_SERVERS", "DNS_SERVERS", "TELNET_SERVERS",
            "DC_SERVERS", "DNP3_SERVER", "MODBUS_SERVER", "ENIP_SERVER"}) v.setAddress(n, "$HOME_NET");
        v.setAddress("AIM_SERVERS", "$EXTERNAL_NET");
        // Snort 3's own defaults (snort_defaults.lua) that Suricata's file lacks
        for (String n : new String[] {"SIP_SERVERS", "FTP_SERVERS", "SSH_SERVERS"}) v.setAddress(n, "$HOME_NET");
        v.setPort("SIP_PORTS", "[5060,5061,5600]");
        for (String n : new String[] {"DNP3_CLIENT", "MODBUS_CLIENT", "ENIP_CLIENT"}) v.setAddress(n, "$HOME_NET");
        v.setPort("HTTP_PORTS", "80");
        v.setPort("SHELLCODE_PORTS", "!80");
        v.setPort("ORACLE_PORTS", "1521");
        v.setPort("SSH_PORTS", "22");
        v.setPort("DNP3_PORTS", "20000");
        v.setPort("MODBUS_PORTS", "502");
        v.setPort("FILE_DATA_PORTS", "[$HTTP_PORTS,110,143]");
        v.setPort("FTP_PORTS", "21");
        v.setPort("GENEVE_PORTS", "6081");
        v.setPort("VXLAN_PORTS", "4789");
        v.setPort("TEREDO_PORTS", "3544");
        return v;
    }

    public void setAddress(String name, String value) { addresses.put(name, value); }

    public void setPort(String name, String value) { ports.put(name, value); }

    /** The text of an address variable (without the $), or null. */
    String address(String name) { return addresses.get(name); }

    /** The text of a port variable (without the $), or null. */
    String port(String name) { return ports.get(name); }
}
