package dev.vigil.detect.ioc;

/**
 * What an indicator value is compared with in the sensor's records. The STIX object paths that compile to
 * each field are listed in docs/INTEL.md; the record fields each is read from, in {@link ObservedValues}.
 */
public enum IndicatorField {
    /** Either end of a flow ({@code ipv4-addr:value}, {@code ipv6-addr:value}). */
    IP,
    /** The client end ({@code network-traffic:src_ref.value}). */
    SRC_IP,
    /** The server end ({@code network-traffic:dst_ref.value}). */
    DST_IP,
    SRC_PORT,
    DST_PORT,
    /** DNS query and answer names, HTTP host, TLS and QUIC SNI ({@code domain-name:value}). */
    DOMAIN,
    /** The full URL of an HTTP request ({@code url:value}). */
    URL,
    USER_AGENT,
    MD5,
    SHA1,
    SHA256,
    SHA512,
    /** TLS client fingerprints (custom objects, see docs/INTEL.md). */
    JA3,
    JA3S,
    JA4,
    /** The SHA-1 fingerprint of a certificate the server presented ({@code x509-certificate:hashes.'SHA-1'}). */
    X509_SHA1,
    X509_SERIAL,
    X509_SUBJECT,
    X509_ISSUER,
    /** SMTP envelope and message addresses ({@code email-addr:value}, {@code email-message:from_ref.value}). */
    EMAIL,
    FILE_NAME;

    /** Fields whose value alone picks out little traffic: an indicator is indexed by one of these only when it has nothing better. */
    boolean weak() {
        return this == SRC_PORT || this == DST_PORT;
    }

    boolean address() {
        return this == IP || this == SRC_IP || this == DST_IP;
    }
}
