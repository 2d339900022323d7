package dev.vigil.decode;

/**
 * Every malformation a decoder can find, named as Suricata names its decoder events so that stats
 * counters ({@code stats.decoder.<name>}) and {@code anomaly} records line up with what analysts
 * already query. A malformed packet raises its event, is counted and skipped; it never throws.
 */
public enum DecoderEvent {
    // link layer
    ETHERNET_PKT_TOO_SMALL("ethernet.pkt_too_small"),
    VLAN_HEADER_TOO_SMALL("vlan.header_too_small"),
    VLAN_UNKNOWN_TYPE("vlan.unknown_type"),
    VLAN_TOO_MANY_LAYERS("vlan.too_many_layers"),
    SLL_PKT_TOO_SMALL("sll.pkt_too_small"),
    SLL2_PKT_TOO_SMALL("sll2.pkt_too_small"),
    NULL_PKT_TOO_SMALL("ltnull.pkt_too_small"),
    NULL_UNSUPPORTED_TYPE("ltnull.unsupported_type"),
    IEEE8021AH_HEADER_TOO_SMALL("ieee8021ah.header_too_small"),
    VNTAG_HEADER_TOO_SMALL("vntag.header_too_small"),
    VNTAG_UNKNOWN_TYPE("vntag.unknown_type"),
    UNSUPPORTED_LINKTYPE("unsupported_linktype"),
    CHDLC_PKT_TOO_SMALL("chdlc.pkt_too_small"),
    IEEE80211_PKT_TOO_SMALL("ieee80211.pkt_too_small"),
    RADIO_HEADER_TOO_SMALL("radio_header.too_small"),
    NFLOG_PKT_TOO_SMALL("nflog.pkt_too_small"),
    ARCNET_PKT_TOO_SMALL("arcnet.pkt_too_small"),
    // IPv4
    IPV4_PKT_TOO_SMALL("ipv4.pkt_too_small"),
    IPV4_HLEN_TOO_SMALL("ipv4.hlen_too_small"),
    IPV4_IPLEN_SMALLER_THAN_HLEN("ipv4.iplen_smaller_than_hlen"),
    IPV4_TRUNC_PKT("ipv4.trunc_pkt"),
    IPV4_OPT_INVALID("ipv4.opt_invalid"),
    IPV4_OPT_INVALID_LEN("ipv4.opt_invalid_len"),
    IPV4_OPT_MALFORMED("ipv4.opt_malformed"),
    IPV4_OPT_PAD_REQUIRED("ipv4.opt_pad_required"),
    IPV4_OPT_EOL_REQUIRED("ipv4.opt_eol_required"),
    IPV4_OPT_DUPLICATE("ipv4.opt_duplicate"),
    IPV4_OPT_UNKNOWN("ipv4.opt_unknown"),
    IPV4_WRONG_IP_VER("ipv4.wrong_ip_version"),
    IPV4_WITH_ICMPV6("ipv4.icmpv6"),
    IPV4_FRAG_PKT_TOO_LARGE("ipv4.frag_pkt_too_large"),
    IPV4_FRAG_OVERLAP("ipv4.frag_overlap"),
    IPV4_FRAG_IGNORED("ipv4.frag_ignored"),
    // IPv6
    IPV6_PKT_TOO_SMALL("ipv6.pkt_too_small"),
    IPV6_TRUNC_PKT("ipv6.trunc_pkt"),
    IPV6_TRUNC_EXTHDR("ipv6.trunc_exthdr"),
    IPV6_EXTHDR_DUPL_FH("ipv6.exthdr_dupl_fh"),
    IPV6_EXTHDR_USELESS_FH("ipv6.exthdr_useless_fh"),
    IPV6_EXTHDR_DUPL_RH("ipv6.exthdr_dupl_rh"),
    IPV6_EXTHDR_DUPL_HH("ipv6.exthdr_dupl_hh"),
    IPV6_EXTHDR_DUPL_DH("ipv6.exthdr_dupl_dh"),
    IPV6_EXTHDR_DUPL_AH("ipv6.exthdr_dupl_ah"),
    IPV6_EXTHDR_DUPL_EH("ipv6.exthdr_dupl_eh"),
    IPV6_EXTHDR_INVALID_OPTLEN("ipv6.exthdr_invalid_optlen"),
    IPV6_WRONG_IP_VER("ipv6.wrong_ip_version"),
    IPV6_EXTHDR_AH_RES_NOT_NULL("ipv6.exthdr_ah_res_not_null"),
    IPV6_HOPOPTS_UNKNOWN_OPT("ipv6.hopopts_unknown_opt"),
    IPV6_HOPOPTS_ONLY_PADDING("ipv6.hopopts_only_padding"),
    IPV6_DSTOPTS_UNKNOWN_OPT("ipv6.dstopts_unknown_opt"),
    IPV6_DSTOPTS_ONLY_PADDING("ipv6.dstopts_only_padding"),
    IPV6_RH_TYPE_0("ipv6.rh_type_0"),
    IPV6_ZERO_LEN_PADN("ipv6.zero_len_padn"),
    IPV6_FH_NON_ZERO_RES_FIELD("ipv6.fh_non_zero_reserved_field"),
    IPV6_DATA_AFTER_NONE_HEADER("ipv6.data_after_none_header"),
    IPV6_UNKNOWN_NEXT_HEADER("ipv6.unknown_next_header"),
    IPV6_FRAG_PKT_TOO_LARGE("ipv6.frag_pkt_too_large"),
    IPV6_FRAG_OVERLAP("ipv6.frag_overlap"),
    IPV6_FRAG_INVALID_LENGTH("ipv6.frag_invalid_length"),
    IPV6_FRAG_IGNORED("ipv6.frag_ignored"),
    IPV6_IPV4_IN_IPV6_TOO_SMALL("ipv6.ipv4_in_ipv6_too_small"),
    IPV6_IPV4_IN_IPV6_WRONG_IP_VER("ipv6.ipv4_in_ipv6_wrong_version"),
    IPV6_IPV6_IN_IPV6_TOO_SMALL("ipv6.ipv6_in_ipv6_too_small"),
    IPV6_IPV6_IN_IPV6_WRONG_IP_VER("ipv6.ipv6_in_ipv6_wrong_version"),
    IPV6_WITH_ICMPV4("ipv6.icmpv4"),
    // transport
    TCP_PKT_TOO_SMALL("tcp.pkt_too_small"),
    TCP_HLEN_TOO_SMALL("tcp.hlen_too_small"),
    TCP_INVALID_OPTLEN("tcp.invalid_optlen"),
    TCP_OPT_INVALID_LEN("tcp.opt_invalid_len"),
    TCP_OPT_DUPLICATE("tcp.opt_duplicate"),
    UDP_PKT_TOO_SMALL("udp.pkt_too_small"),
    UDP_HLEN_TOO_SMALL("udp.hlen_too_small"),
    UDP_HLEN_INVALID("udp.hlen_invalid"),
    UDP_LEN_INVALID("udp.len_invalid"),
    SCTP_PKT_TOO_SMALL("sctp.pkt_too_small"),
    ESP_PKT_TOO_SMALL("esp.pkt_too_small"),
    ICMPV4_PKT_TOO_SMALL("icmpv4.pkt_too_small"),
    ICMPV4_UNKNOWN_TYPE("icmpv4.unknown_type"),
    ICMPV4_UNKNOWN_CODE("icmpv4.unknown_code"),
    ICMPV4_IPV4_TRUNC_PKT("icmpv4.ipv4_trunc_pkt"),
    ICMPV4_IPV4_UNKNOWN_VER("icmpv4.ipv4_unknown_ver"),
    ICMPV6_UNKNOWN_TYPE("icmpv6.unknown_type"),
    ICMPV6_UNKNOWN_CODE("icmpv6.unknown_code"),
    ICMPV6_PKT_TOO_SMALL("icmpv6.pkt_too_small"),
    ICMPV6_IPV6_UNKNOWN_VER("icmpv6.ipv6_unknown_version"),
    ICMPV6_IPV6_TRUNC_PKT("icmpv6.ipv6_trunc_pkt"),
    ICMPV6_MLD_MESSAGE_WITH_INVALID_HL("icmpv6.mld_message_with_invalid_hl"),
    ICMPV6_UNASSIGNED_TYPE("icmpv6.unassigned_type"),
    ICMPV6_EXPERIMENTATION_TYPE("icmpv6.experimentation_type"),
    // tunnels and encapsulations
    PPP_PKT_TOO_SMALL("ppp.pkt_too_small"),
    PPP_VJU_PKT_TOO_SMALL("ppp.vju_pkt_too_small"),
    PPP_IPV4_PKT_TOO_SMALL("ppp.ip4_pkt_too_small"),
    PPP_IPV6_PKT_TOO_SMALL("ppp.ip6_pkt_too_small"),
    PPP_WRONG_TYPE("ppp.wrong_type"),
    PPP_UNSUP_PROTO("ppp.unsup_proto"),
    PPPOE_PKT_TOO_SMALL("pppoe.pkt_too_small"),
    PPPOE_WRONG_CODE("pppoe.wrong_code"),
    PPPOE_MALFORMED_TAGS("pppoe.malformed_tags"),
    GRE_PKT_TOO_SMALL("gre.pkt_too_small"),
    GRE_WRONG_VERSION("gre.wrong_version"),
    GRE_VERSION0_RECUR("gre.version0_recur"),
    GRE_VERSION0_FLAGS("gre.version0_flags"),
    GRE_VERSION0_HDR_TOO_BIG("gre.version0_hdr_too_big"),
    GRE_VERSION0_MALFORMED_SRE_HDR("gre.version0_malformed_sre_hdr"),
    GRE_VERSION1_CHKSUM("gre.version1_chksum"),
    GRE_VERSION1_ROUTE("gre.version1_route"),
    GRE_VERSION1_SSR("gre.version1_ssr"),
    GRE_VERSION1_RECUR("gre.version1_recur"),
    GRE_VERSION1_FLAGS("gre.version1_flags"),
    GRE_VERSION1_NO_KEY("gre.version1_no_key"),
    GRE_VERSION1_WRONG_PROTOCOL("gre.version1_wrong_protocol"),
    GRE_VERSION1_MALFORMED_SRE_HDR("gre.version1_malformed_sre_hdr"),
    GRE_VERSION1_HDR_TOO_BIG("gre.version1_hdr_too_big"),
    MPLS_HEADER_TOO_SMALL("mpls.header_too_small"),
    MPLS_PKT_TOO_SMALL("mpls.pkt_too_small"),
    MPLS_BAD_LABEL_ROUTER_ALERT("mpls.bad_label_router_alert"),
    MPLS_BAD_LABEL_IMPLICIT_NULL("mpls.bad_label_implicit_null"),
    MPLS_BAD_LABEL_RESERVED("mpls.bad_label_reserved"),
    MPLS_UNKNOWN_PAYLOAD_TYPE("mpls.unknown_payload_type"),
    VXLAN_UNKNOWN_PAYLOAD_TYPE("vxlan.unknown_payload_type"),
    GENEVE_UNKNOWN_PAYLOAD_TYPE("geneve.unknown_payload_type"),
    // tunnels Suricata does not decode (Zeek does): named in Suricata's style
    GTP_MALFORMED_EXTENSION_HEADER("gtp.malformed_extension_header"),
    GTP_UNKNOWN_PAYLOAD_TYPE("gtp.unknown_payload_type"),
    AYIYA_UNKNOWN_PAYLOAD_TYPE("ayiya.unknown_payload_type"),
    IPOIB_PKT_TOO_SMALL("ipoib.pkt_too_small"),
    FDDI_PKT_TOO_SMALL("fddi.pkt_too_small"),
    ERSPAN_HEADER_TOO_SMALL("erspan.header_too_small"),
    ERSPAN_UNSUPPORTED_VERSION("erspan.unsupported_version"),
    ERSPAN_TOO_MANY_VLAN_LAYERS("erspan.too_many_vlan_layers"),
    IPRAW_INVALID_IPV("ipraw.invalid_ip_version"),
    // whole-packet conditions
    TOO_MANY_LAYERS("too_many_layers"),
    PKT_TRUNCATED("pkt_truncated");

    private final String suricataName;

    DecoderEvent(String suricataName) {
        this.suricataName = suricataName;
    }

    /** Name as Suricata spells it, e.g. {@code ipv4.trunc_pkt}. */
    public String suricataName() {
        return suricataName;
    }

    private static final DecoderEvent[] VALUES = values();

    public static DecoderEvent of(int ordinal) {
        return VALUES[ordinal];
    }

    public static int count() {
        return VALUES.length;
    }
}
