package dev.vigil.detect.ioc;

import java.util.List;

/**
 * The signature an indicator alert carries: one per field an indicator matched through (sids
 * 7,200,000–7,209,999, documented in docs/INTEL.md), as Suricata's dataset rules give one sid to a whole
 * list; the indicator itself is named in the alert's {@code indicator} object. Techniques are ATT&CK's
 * for what such a match usually means; an indicator's own techniques (its {@code indicates}
 * relationships) are added to them.
 */
public record IndicatorSignature(int sid, String message, List<String> techniques) {
    public static final int FIRST_SID = 7_200_000;
    public static final int LAST_SID = 7_209_999;

    public static IndicatorSignature of(IndicatorField f) {
        int sid = FIRST_SID + 1 + f.ordinal();
        return switch (f) {
            case IP, SRC_IP, DST_IP -> new IndicatorSignature(sid, "VIGIL INTEL address on an indicator list (" + f.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of("T1071"));
            case SRC_PORT, DST_PORT -> new IndicatorSignature(sid, "VIGIL INTEL port on an indicator list", List.of("T1571"));
            case DOMAIN -> new IndicatorSignature(sid, "VIGIL INTEL domain on an indicator list", List.of("T1071"));
            case URL -> new IndicatorSignature(sid, "VIGIL INTEL URL on an indicator list", List.of("T1071.001"));
            case USER_AGENT -> new IndicatorSignature(sid, "VIGIL INTEL HTTP user agent on an indicator list", List.of("T1071.001"));
            case MD5, SHA1, SHA256, SHA512, FILE_NAME -> new IndicatorSignature(sid, "VIGIL INTEL file on an indicator list (" + f.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of("T1105"));
            case JA3, JA3S, JA4 -> new IndicatorSignature(sid, "VIGIL INTEL TLS fingerprint on an indicator list (" + f.name().toLowerCase(java.util.Locale.ROOT) + ")", List.of("T1573"));
            case X509_SHA1, X509_SERIAL, X509_SUBJECT, X509_ISSUER -> new IndicatorSignature(sid, "VIGIL INTEL certificate on an indicator list", List.of("T1573"));
            case EMAIL -> new IndicatorSignature(sid, "VIGIL INTEL mail address on an indicator list", List.of("T1566"));
        };
    }
}
