package dev.vigil.decode;

import dev.vigil.capture.LinkType;

/**
 * Walks the IPv6 extension-header chain to the upper-layer protocol, validating it as Suricata does:
 * truncated headers, duplicated headers (hop-by-hop, routing, fragment, AH; destination options may
 * appear twice), routing header type 0, hop-by-hop and destination option lists (bad lengths, unknown
 * options, padding only, zero-length PadN), a fragment header with a reserved byte set or that
 * fragments nothing, and data after "no next header". A duplicated header is reported and skipped.
 *
 * <p>Also records what an upper-layer checksum needs when the addresses differ from the IPv6 header's:
 * the final destination of a routing header with segments left, and the Home Address option.
 */
final class Ipv6ExtHeaders {
    private Ipv6ExtHeaders() {}

    static final int OPT_PAD1 = 0x00, OPT_PADN = 0x01, OPT_RA = 0x05, OPT_JUMBO = 0xC2, OPT_HAO = 0xC9;
    static final int HIP = 139, SHIM6 = 140;

    static void walk(Decoder d, Packet p, int next, long off, long end) {
        long ipOff = p.l3Off;
        long nhField = ipOff + 6;
        boolean hh = false, rh = false, fh = false, ah = false;
        int dh = 0;
        // every extension header is at least 8 bytes, so the loop ends with the captured bytes
        while (true) {
            long left = end - off;
            switch (next) {
                case IpProto.TCP, IpProto.UDP, IpProto.ICMPV6, IpProto.SCTP, IpProto.GRE, IpProto.ESP -> {
                    d.decodeIpPayload(p, next, off, end);
                    return;
                }
                case IpProto.NONE -> {
                    if (left > 0) d.event(DecoderEvent.IPV6_DATA_AFTER_NONE_HEADER);
                    p.proto = IpProto.NONE;
                    Decoder.addressOnly(p, off, end);
                    return;
                }
                case IpProto.HOPOPTS, IpProto.DSTOPTS -> {
                    int len = extLen(d, p, off, left, 8);
                    if (len < 0) return;
                    boolean hop = next == IpProto.HOPOPTS;
                    if (hop ? hh : dh >= 2) {
                        d.event(hop ? DecoderEvent.IPV6_EXTHDR_DUPL_HH : DecoderEvent.IPV6_EXTHDR_DUPL_DH);
                    } else {
                        if (hop) hh = true;
                        else dh++;
                        options(d, p, hop, off + 2, off + len);
                    }
                    nhField = off;
                    next = p.u8(off);
                    off += len;
                }
                case IpProto.ROUTING -> {
                    int len = extLen(d, p, off, left, 8);
                    if (len < 0) return;
                    if (rh) {
                        d.event(DecoderEvent.IPV6_EXTHDR_DUPL_RH);
                    } else {
                        rh = true;
                        routing(d, p, off, len);
                    }
                    nhField = off;
                    next = p.u8(off);
                    off += len;
                }
                case IpProto.MH, HIP, SHIM6 -> {
                    int len = extLen(d, p, off, left, 8);
                    if (len < 0) return;
                    nhField = off;
                    next = p.u8(off);
                    off += len;
                }
                case IpProto.FRAGMENT -> {
                    if (left < 8) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    if (p.u8(off + 1) != 0) d.event(DecoderEvent.IPV6_FH_NON_ZERO_RES_FIELD);
                    if (fh) {
                        d.event(DecoderEvent.IPV6_EXTHDR_DUPL_FH);
                    } else {
                        fh = true;
                        int offField = p.u16(off + 2);
                        boolean more = (offField & 1) != 0;
                        if ((offField & 0xFFF8) == 0 && !more) {
                            // atomic fragment (RFC 6946): nothing to reassemble, the chain goes on
                            d.event(DecoderEvent.IPV6_EXTHDR_USELESS_FH);
                        } else {
                            // all fragments but the last carry a multiple of 8 bytes (RFC 8200 4.5)
                            if (more && (left - 8) % 8 != 0) d.event(DecoderEvent.IPV6_FRAG_INVALID_LENGTH);
                            Ipv6.fragment(d, p, ipOff, off, nhField, end);
                            return;
                        }
                    }
                    nhField = off;
                    next = p.u8(off);
                    off += 8;
                }
                case IpProto.AH -> {
                    if (left < 12) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    // payload length counts 4-byte words minus 2; Suricata reads a zero as the 12-byte minimum
                    int plen = p.u8(off + 1);
                    int len = plen > 0 ? 12 + (plen - 1) * 4 : 12;
                    if (len > left) {
                        d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
                        return;
                    }
                    if (p.u16(off + 2) != 0) d.event(DecoderEvent.IPV6_EXTHDR_AH_RES_NOT_NULL);
                    if (ah) d.event(DecoderEvent.IPV6_EXTHDR_DUPL_AH);
                    ah = true;
                    nhField = off;
                    next = p.u8(off);
                    off += len;
                }
                case IpProto.IPIP -> {
                    p.proto = next;
                    if (left < Ipv4.MIN_HEADER) {
                        d.event(DecoderEvent.IPV6_IPV4_IN_IPV6_TOO_SMALL);
                    } else if ((p.u8(off) >>> 4) != 4) {
                        d.event(DecoderEvent.IPV6_IPV4_IN_IPV6_WRONG_IP_VER);
                    } else {
                        d.decodeInner(p, Layer.IPV4_IN_IP, off, end, LinkType.IPV4);
                    }
                    return;
                }
                case IpProto.IPV6 -> {
                    p.proto = next;
                    if (left < Ipv6.HEADER_LEN) {
                        d.event(DecoderEvent.IPV6_IPV6_IN_IPV6_TOO_SMALL);
                    } else if ((p.u8(off) >>> 4) != 6) {
                        d.event(DecoderEvent.IPV6_IPV6_IN_IPV6_WRONG_IP_VER);
                    } else {
                        d.decodeInner(p, Layer.IPV6_IN_IP, off, end, LinkType.IPV6);
                    }
                    return;
                }
                case IpProto.ICMP -> {
                    d.event(DecoderEvent.IPV6_WITH_ICMPV4);
                    p.proto = next;
                    return;
                }
                default -> {
                    d.event(DecoderEvent.IPV6_UNKNOWN_NEXT_HEADER);
                    d.decodeIpPayload(p, next, off, end);
                    return;
                }
            }
        }
    }

    /** Length of a header whose length byte counts 8-byte units after the first 8; -1 (event raised) if truncated. */
    private static int extLen(Decoder d, Packet p, long off, long left, int base) {
        if (left < 2) {
            d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
            return -1;
        }
        int len = base + p.u8(off + 1) * 8;
        if (len > left) {
            d.event(DecoderEvent.IPV6_TRUNC_EXTHDR);
            return -1;
        }
        return len;
    }

    /** Routing header: type 0 is deprecated (RFC 5095); with segments left, the checksum uses the final destination. */
    private static void routing(Decoder d, Packet p, long off, int len) {
        int type = p.u8(off + 2);
        int segmentsLeft = p.u8(off + 3);
        if (type == 0) d.event(DecoderEvent.IPV6_RH_TYPE_0);
        if (segmentsLeft == 0) return;
        switch (type) {
            case 0 -> {
                int n = (len - 8) / 16;
                if (n > 0) p.csumDstOff = off + 8 + (long) (n - 1) * 16;
            }
            case 2 -> {
                if (len >= 24) p.csumDstOff = off + 8; // mobile IPv6: the home address
            }
            case 4 -> {
                if (len >= 24) p.csumDstOff = off + 8; // segment routing: segment list [0] is the last segment
            }
            default -> { }
        }
    }

    /** Hop-by-hop or destination option list in {@code [off, end)}. */
    private static void options(Decoder d, Packet p, boolean hop, long off, long end) {
        int padding = 0, other = 0;
        while (off < end) {
            int type = p.u8(off);
            if (type == OPT_PAD1) {
                padding++;
                off++;
                continue;
            }
            if (end - off < 2) {
                d.event(DecoderEvent.IPV6_EXTHDR_INVALID_OPTLEN);
                break;
            }
            int olen = p.u8(off + 1);
            if (off + 2 + olen > end) {
                d.event(DecoderEvent.IPV6_EXTHDR_INVALID_OPTLEN);
                break;
            }
            if (type == OPT_PADN) {
                padding++;
                if (olen == 0) d.event(DecoderEvent.IPV6_ZERO_LEN_PADN);
            } else if (type == OPT_RA) {
                if (olen < 2) {
                    d.event(DecoderEvent.IPV6_EXTHDR_INVALID_OPTLEN);
                    break;
                }
                other++;
            } else if (type == OPT_JUMBO) {
                if (olen < 4) {
                    d.event(DecoderEvent.IPV6_EXTHDR_INVALID_OPTLEN);
                    break;
                }
                other++;
            } else if (type == OPT_HAO) {
                if (olen < 16) {
                    d.event(DecoderEvent.IPV6_EXTHDR_INVALID_OPTLEN);
                    break;
                }
                p.csumSrcOff = off + 2; // the home address replaces the source in upper-layer checksums
                other++;
            } else {
                d.event(hop ? DecoderEvent.IPV6_HOPOPTS_UNKNOWN_OPT : DecoderEvent.IPV6_DSTOPTS_UNKNOWN_OPT);
                other++;
            }
            off += 2 + olen;
        }
        if (padding > 0 && other == 0) {
            d.event(hop ? DecoderEvent.IPV6_HOPOPTS_ONLY_PADDING : DecoderEvent.IPV6_DSTOPTS_ONLY_PADDING);
        }
    }
}
