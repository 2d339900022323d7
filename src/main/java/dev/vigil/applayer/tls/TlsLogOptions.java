package dev.vigil.applayer.tls;

import java.util.Locale;
import java.util.Map;

/**
 * Which fields the eve-log {@code tls} type writes, with Suricata 8's semantics:
 * <ul>
 *   <li>basic (Suricata's default without options): {@code subject}, {@code issuerdn}, {@code subjectaltname};</li>
 *   <li>{@code extended: yes} (setting "tls.extended"): basic and {@code version}, {@code serial},
 *       {@code fingerprint}, {@code notbefore}, {@code notafter}, {@code sni}, {@code ja3}, {@code ja3s},
 *       {@code ja4}, {@code client} (the client certificate's subject, issuer, fingerprint, serial and
 *       dates), {@code client_alpns}, {@code server_alpns};</li>
 *   <li>{@code custom: [...]} ("tls.custom", comma-joined) replaces either with exactly the named fields
 *       (names as Suricata's: {@code issuer}, {@code not_before}, {@code not_after}, {@code certificate}
 *       and {@code chain} (base64 DER of the server's first certificate / all of them),
 *       {@code client_certificate} and {@code client_chain} (the same inside {@code client}, and they
 *       imply {@code client}), ...). Unknown names are ignored, as by Suricata.</li>
 * </ul>
 * Suricata's shipped suricata.yaml sets {@code extended: yes}, so Vigil's default is extended; an explicit
 * {@code extended: no} gives basic. {@code chain_dn}, Vigil's addition, is written unless a custom list
 * decides the fields.
 */
public record TlsLogOptions(long fields, boolean chainDn) {
    static final long VERSION = 1L, SUBJECT = 1L << 1, ISSUER = 1L << 2, SERIAL = 1L << 3, FINGERPRINT = 1L << 4,
            NOTBEFORE = 1L << 5, NOTAFTER = 1L << 6, SNI = 1L << 7, CERTIFICATE = 1L << 8, CHAIN = 1L << 9,
            SESSION_RESUMED = 1L << 10, JA3 = 1L << 11, JA3S = 1L << 12, CLIENT = 1L << 13, CLIENT_CERT = 1L << 14,
            CLIENT_CHAIN = 1L << 15, JA4 = 1L << 16, SUBJECTALTNAME = 1L << 17, CLIENT_ALPNS = 1L << 18,
            SERVER_ALPNS = 1L << 19, CLIENT_HANDSHAKE = 1L << 20, SERVER_HANDSHAKE = 1L << 21;

    static final long BASIC = SUBJECT | ISSUER | SUBJECTALTNAME;
    static final long EXTENDED = BASIC | VERSION | SERIAL | FINGERPRINT | NOTBEFORE | NOTAFTER | JA3 | JA3S | JA4
            | CLIENT | CLIENT_ALPNS | SERVER_ALPNS | SNI;

    /** The names a custom list may use, as Suricata spells them. */
    private static final Object[][] NAMES = {
        {"version", VERSION}, {"subject", SUBJECT}, {"issuer", ISSUER}, {"serial", SERIAL},
        {"fingerprint", FINGERPRINT}, {"not_before", NOTBEFORE}, {"not_after", NOTAFTER}, {"sni", SNI},
        {"certificate", CERTIFICATE}, {"chain", CHAIN}, {"session_resumed", SESSION_RESUMED}, {"ja3", JA3},
        {"ja3s", JA3S}, {"client", CLIENT}, {"client_certificate", CLIENT_CERT}, {"client_chain", CLIENT_CHAIN},
        {"ja4", JA4}, {"subjectaltname", SUBJECTALTNAME}, {"client_alpns", CLIENT_ALPNS},
        {"server_alpns", SERVER_ALPNS}, {"client_handshake", CLIENT_HANDSHAKE}, {"server_handshake", SERVER_HANDSHAKE},
    };

    public static final TlsLogOptions DEFAULT = new TlsLogOptions(EXTENDED | SESSION_RESUMED, true);

    /** The options among {@code settings} ("tls.extended", "tls.custom", "tls.session-resumption"). */
    public static TlsLogOptions from(Map<String, String> settings) {
        String ext = settings.get("tls.extended");
        long fields = ext == null || isTrue(ext) ? EXTENDED : BASIC;
        boolean chainDn = true;
        String custom = settings.get("tls.custom");
        if (custom != null) {
            fields = 0;
            chainDn = false;
            for (String item : custom.split(",")) {
                String name = item.trim();
                for (Object[] n : NAMES) if (((String) n[0]).equalsIgnoreCase(name)) fields |= (Long) n[1];
            }
            if ((fields & (CLIENT_CERT | CLIENT_CHAIN)) != 0) fields |= CLIENT;
        }
        String resumption = settings.get("tls.session-resumption");
        if (resumption == null || isTrue(resumption)) fields |= SESSION_RESUMED;
        TlsLogOptions o = new TlsLogOptions(fields, chainDn);
        return o.equals(DEFAULT) ? DEFAULT : o;
    }

    private static boolean isTrue(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("yes") || s.equals("true") || s.equals("on") || s.equals("1");
    }

    boolean has(long field) { return (fields & field) != 0; }

    /** Whether the certificates' DER must be kept (for base64 {@code certificate}/{@code chain} fields). */
    boolean keepsServerDer() { return has(CERTIFICATE | CHAIN); }

    boolean keepsClientDer() { return has(CLIENT_CERT | CLIENT_CHAIN); }
}
