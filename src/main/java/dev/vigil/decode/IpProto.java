package dev.vigil.decode;

/** IP protocol numbers the decoders follow. */
public final class IpProto {
    private IpProto() {}
    public static final int HOPOPTS = 0;
    public static final int ICMP = 1;
    public static final int IPIP = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int IPV6 = 41;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int NONE = 59;
    public static final int DSTOPTS = 60;
    public static final int SCTP = 132;
    public static final int MH = 135;

    public static String name(int proto) {
        return switch (proto) {
            case TCP -> "TCP";
            case UDP -> "UDP";
            case ICMP -> "ICMP";
            case ICMPV6 -> "IPv6-ICMP";
            case SCTP -> "SCTP";
            case GRE -> "GRE";
            case ESP -> "ESP";
            case AH -> "AH";
            default -> Integer.toString(proto);
        };
    }
}
