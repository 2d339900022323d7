package dev.vigil.capture;

/** LINKTYPE_/DLT_ values the decoders understand (tcpdump.org link-layer header types). */
public final class LinkType {
    private LinkType() {}

    public static final int NULL = 0;          // BSD loopback, host-endian 4-byte AF
    public static final int ETHERNET = 1;
    public static final int RAW_OPENBSD = 12;  // DLT_RAW on some BSDs
    public static final int RAW_BSD = 14;      // DLT_RAW on others
    public static final int PPP = 9;
    public static final int FDDI = 10;
    public static final int LOOP = 108;        // OpenBSD loopback, network-order AF
    public static final int RAW = 101;         // LINKTYPE_RAW
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;
    public static final int C_HDLC = 104;      // Cisco HDLC
    public static final int IEEE802_11 = 105;  // 802.11 frames without a radio header
    public static final int ARCNET_LINUX = 129;
    public static final int IEEE802_11_RADIOTAP = 127;
    public static final int PPI = 192;         // Per-Packet Information header, then the frame of its DLT
    public static final int NFLOG = 239;       // Linux netfilter log messages
    public static final int IPOIB = 242;       // IP over InfiniBand (RFC 4391 header, or Linux's 44-byte form)
    public static final int PKTAP = 258;       // Apple PKTAP header, then the frame of its DLT

    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW_OPENBSD, RAW_BSD, RAW -> "RAW";
            case PPP -> "PPP";
            case FDDI -> "FDDI";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case C_HDLC -> "C_HDLC";
            case IEEE802_11 -> "IEEE802_11";
            case ARCNET_LINUX -> "ARCNET_LINUX";
            case IEEE802_11_RADIOTAP -> "IEEE802_11_RADIO";
            case PPI -> "PPI";
            case NFLOG -> "NFLOG";
            case IPOIB -> "IPOIB";
            case PKTAP -> "PKTAP";
            default -> "DLT_" + linkType;
        };
    }
}
