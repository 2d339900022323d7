package dev.vigil.decode;

/** Protocol layers counted per frame; each becomes a {@code stats.decoder.<name>} counter. */
public enum Layer {
    ETHERNET("ethernet"), VLAN("vlan"), VLAN_QINQ("vlan_qinq"), VLAN_QINQINQ("vlan_qinqinq"),
    MPLS("mpls"), PPP("ppp"), PPPOE("pppoe"), SLL("sll"), SLL2("sll2"), NULL("null"), RAW("raw"),
    CHDLC("chdlc"), IEEE80211("ieee80211"), NFLOG("nflog"), ARCNET("arcnet"),
    ARP("arp"), IPV4("ipv4"), IPV6("ipv6"), TCP("tcp"), UDP("udp"), ICMPV4("icmpv4"), ICMPV6("icmpv6"),
    SCTP("sctp"), GRE("gre"), VXLAN("vxlan"), GENEVE("geneve"), ERSPAN("erspan"), TEREDO("teredo"),
    GTP("gtp"), AYIYA("ayiya"), IPOIB("ipoib"), FDDI("fddi"),
    IPV4_IN_IP("ipv4_in_ip"), IPV6_IN_IP("ipv6_in_ip"), ETHERNET_INNER("ethernet_inner"),
    REASSEMBLED("defrag_reassembled"), FRAGMENT("fragment"),
    UNKNOWN_ETHERTYPE("unknown_ethertype"), UNSUPPORTED_LINK("unsupported_link");

    private final String counter;

    Layer(String counter) { this.counter = counter; }

    public String counter() { return counter; }
}
