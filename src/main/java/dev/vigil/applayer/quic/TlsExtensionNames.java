package dev.vigil.applayer.quic;

/**
 * The names Suricata's QUIC logger gives TLS extension types (the IANA registry's names in snake case);
 * unknown types (GREASE, private, newer) have no name and are logged by number only.
 */
final class TlsExtensionNames {
    private TlsExtensionNames() {}

    static String name(int type) {
        return switch (type) {
            case 0 -> "server_name";
            case 1 -> "max_fragment_length";
            case 2 -> "client_certificate_url";
            case 3 -> "trusted_ca_keys";
            case 4 -> "truncated_hmac";
            case 5 -> "status_request";
            case 6 -> "user_mapping";
            case 7 -> "client_authz";
            case 8 -> "server_authz";
            case 9 -> "cert_type";
            case 10 -> "supported_groups";
            case 11 -> "ec_point_formats";
            case 12 -> "srp";
            case 13 -> "signature_algorithms";
            case 14 -> "use_srtp";
            case 15 -> "heartbeat";
            case 16 -> "alpn";
            case 17 -> "status_request_v2";
            case 18 -> "signed_certificate_timestamp";
            case 19 -> "client_certificate_type";
            case 20 -> "server_certificate_type";
            case 21 -> "padding";
            case 22 -> "encrypt_then_mac";
            case 23 -> "extended_master_secret";
            case 24 -> "token_binding";
            case 25 -> "cached_info";
            case 26 -> "tls_lts";
            case 27 -> "compress_certificate";
            case 28 -> "record_size_limit";
            case 29 -> "pwd_protect";
            case 30 -> "pwd_clear";
            case 31 -> "password_salt";
            case 32 -> "ticket_pinning";
            case 33 -> "tls_cert_with_extern_psk";
            case 34 -> "delegated_credentials";
            case 35 -> "session_ticket";
            case 36 -> "tlmsp";
            case 37 -> "tlmsp_proxying";
            case 38 -> "tlmsp_delegate";
            case 39 -> "supported_ekt_ciphers";
            case 41 -> "pre_shared_key";
            case 42 -> "early_data";
            case 43 -> "supported_versions";
            case 44 -> "cookie";
            case 45 -> "psk_key_exchange_modes";
            case 47 -> "certificate_authorities";
            case 48 -> "oid_filters";
            case 49 -> "post_handshake_auth";
            case 50 -> "signature_algorithms_cert";
            case 51 -> "key_share";
            case 52 -> "transparency_info";
            case 53 -> "connection_id_deprecated";
            case 54 -> "connection_id";
            case 55 -> "external_id_hash";
            case 56 -> "external_session_id";
            case 57 -> "quic_transport_parameters";
            case 58 -> "ticket_request";
            case 59 -> "dnssec_chain";
            case 13172 -> "next_protocol_negotiation";
            case 65281 -> "renegotiation_info";
            default -> null;
        };
    }
}
