package dev.vigil.decode;

/** EtherType values the decoders follow. */
final class EtherType {
    private EtherType() {}
    static final int IPV4 = 0x0800;
    static final int ARP = 0x0806;
    static final int TEB = 0x6558;            // transparent Ethernet bridging (GRE, NVGRE)
    static final int VLAN = 0x8100;
    static final int QINQ = 0x88A8;
    static final int VLAN_9100 = 0x9100;
    static final int IPV6 = 0x86DD;
    static final int PPPOE_DISCOVERY = 0x8863;
    static final int PPPOE_SESSION = 0x8864;
    static final int MPLS_UNICAST = 0x8847;
    static final int MPLS_MULTICAST = 0x8848;
    static final int ERSPAN_II = 0x88BE;
    static final int ERSPAN_III = 0x22EB;
    static final int PBB = 0x88E7;            // IEEE 802.1ah provider backbone bridging (I-TAG)
    static final int VNTAG = 0x8926;
    static final int PPP = 0x880B;            // PPP in (enhanced) GRE
    static final int WCCP = 0x883E;           // WCCP redirect header in GRE
}
