package dev.vigil.detect.engine;

import dev.vigil.decode.Packet;
import dev.vigil.detect.rules.Compare;
import dev.vigil.detect.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule's tests on the packet's headers, with Suricata's semantics: the numeric ones ({@code dsize},
 * {@code ttl}, {@code tos}, {@code id}, {@code ip_proto}, {@code seq}, {@code ack}, {@code window},
 * {@code itype}, {@code icode}, {@code icmp_id}, {@code icmp_seq}, {@code fragoffset}, {@code tcp.mss})
 * and {@code flags}, {@code fragbits}, {@code ipopts}, {@code sameip}. A test on a layer the packet does
 * not have (window on UDP, tos on IPv6, icmp_id on an ICMP error) fails, as in Suricata. Compiled once
 * per rule into flat arrays, so evaluating a packet allocates nothing.
 */
final class PacketHeaderTests {
    /** Keywords this class evaluates, as the parser records them ({@link Compare} or {@link Rule.Setting}). */
    static boolean handles(String keyword) {
        return numericKind(keyword) >= 0 || switch (keyword) {
            case "flags", "fragbits", "ipopts", "sameip" -> true;
            default -> false;
        };
    }

    // numeric kinds: where the value comes from
    private static final int DSIZE = 0, ITYPE = 1, ICODE = 2, TTL = 3, TOS = 4, ID = 5, IP_PROTO = 6, SEQ = 7, ACK = 8,
            WINDOW = 9, ICMP_ID = 10, ICMP_SEQ = 11, FRAGOFFSET = 12, TCP_MSS = 13;
    // other kinds
    private static final int FLAGS = 100, FRAGBITS = 101, IPOPTS = 102, SAMEIP = 103;

    static final int MOD_EXACT = 0, MOD_PLUS = 1, MOD_ANY = 2, MOD_NOT = 3;

    /** TCP flag bits as they sit in the header's byte 13. */
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK_BIT = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;
    /** The IPv4 flags as they sit in the header's 16-bit flags/offset field. */
    static final int RF = 0x8000, DF = 0x4000, MF = 0x2000;
    /** {@code ipopts:any}: any option at all. */
    static final int OPT_ANY = -1;

    private static int numericKind(String k) {
        return switch (k) {
            case "dsize" -> DSIZE;
            case "itype" -> ITYPE;
            case "icode" -> ICODE;
            case "ttl" -> TTL;
            case "tos" -> TOS;
            case "id" -> ID;
            case "ip_proto" -> IP_PROTO;
            case "seq" -> SEQ;
            case "ack" -> ACK;
            case "window" -> WINDOW;
            case "icmp_id" -> ICMP_ID;
            case "icmp_seq" -> ICMP_SEQ;
            case "fragoffset" -> FRAGOFFSET;
            case "tcp.mss" -> TCP_MSS;
            default -> -1;
        };
    }

    static final PacketHeaderTests NONE = new PacketHeaderTests(new int[0], new Compare[0], new int[0], new int[0], new int[0]);

    private final int[] kind;
    /** For numeric kinds, the comparison; null for the others. */
    private final Compare[] compare;
    /** For flags and fragbits: modifier, bits, and the mask of bits kept (flags' ignore list removed); for ipopts the option type. */
    private final int[] modifier, bits, keep;

    private PacketHeaderTests(int[] kind, Compare[] compare, int[] modifier, int[] bits, int[] keep) {
        this.kind = kind;
        this.compare = compare;
        this.modifier = modifier;
        this.bits = bits;
        this.keep = keep;
    }

    boolean isEmpty() { return kind.length == 0; }

    /**
     * The TCP flags a packet must have for the tests to hold (from {@code flags} without modifier or with
     * {@code +}), 0 when none is required: lets the engine keep a SYN rule off the packets without SYN.
     */
    int requiredTcpFlags() {
        int need = 0;
        for (int i = 0; i < kind.length; i++) {
            if (kind[i] == FLAGS && (modifier[i] == MOD_EXACT || modifier[i] == MOD_PLUS)) need |= bits[i] & keep[i];
        }
        return need;
    }

    /** The IP protocol an {@code ip_proto} test requires exactly, or 0: such an "ip" rule is for that transport only. */
    int requiredIpProto() {
        for (int i = 0; i < kind.length; i++) {
            if (kind[i] == IP_PROTO && compare[i].op() == Compare.Op.EQ) return (int) compare[i].a();
        }
        return 0;
    }

    /**
     * The tests among {@code conditions} (other conditions are ignored).
     *
     * @throws IllegalArgumentException naming the keyword when a value cannot be read
     */
    static PacketHeaderTests compile(List<Object> conditions) {
        List<int[]> rows = new ArrayList<>();
        List<Compare> cmps = new ArrayList<>();
        for (Object c : conditions) {
            if (c instanceof Compare cmp) {
                int k = numericKind(cmp.keyword());
                if (k < 0) continue;
                rows.add(new int[] {k, 0, 0, 0});
                cmps.add(cmp);
            } else if (c instanceof Rule.Setting s) {
                int[] row = switch (s.keyword()) {
                    case "flags" -> flags(s.value());
                    case "fragbits" -> fragbits(s.value());
                    case "ipopts" -> new int[] {IPOPTS, 0, ipopt(s.value()), 0};
                    case "sameip" -> new int[] {SAMEIP, 0, 0, 0};
                    default -> null;
                };
                if (row == null) continue;
                rows.add(row);
                cmps.add(null);
            }
        }
        if (rows.isEmpty()) return NONE;
        int n = rows.size();
        int[] kind = new int[n], mod = new int[n], bits = new int[n], keep = new int[n];
        for (int i = 0; i < n; i++) {
            int[] r = rows.get(i);
            kind[i] = r[0];
            mod[i] = r[1];
            bits[i] = r[2];
            keep[i] = r[3];
        }
        return new PacketHeaderTests(kind, cmps.toArray(new Compare[0]), mod, bits, keep);
    }

    /**
     * {@code flags:[modifier]FLAGS[modifier][,IGNORED]}: S A F R P U, C or 1 (CWR), E or 2 (ECE), 0 for none;
     * a modifier before or after the flags; the bits after the comma are masked off the packet's flags.
     */
    static int[] flags(String value) {
        String v = value.trim();
        int comma = v.indexOf(',');
        String main = comma < 0 ? v : v.substring(0, comma).trim();
        int mod = MOD_EXACT, b = 0, found = 0;
        boolean modSeen = false;
        for (int i = 0; i < main.length(); i++) {
            char ch = main.charAt(i);
            int m = modifierOf(ch);
            if (m >= 0) {
                if (modSeen) throw new IllegalArgumentException("flags: only one modifier");
                modSeen = true;
                mod = m;
                continue;
            }
            if (ch == '0') {
                b = 0;
                found++;
                continue;
            }
            int bit = flagBit(ch);
            // N (the ECN nonce) has no place in Suricata's 8-bit flags: ignored, as Suricata ignores unknown letters
            if (bit == 0 && Character.toUpperCase(ch) != 'N') throw new IllegalArgumentException("flags: unknown flag " + ch);
            b |= bit;
            found++;
        }
        if (found == 0) throw new IllegalArgumentException("flags: no flag given");
        int keep = 0xFF;
        if (comma >= 0) {
            int ignored = 0;
            for (char ch : v.substring(comma + 1).trim().toCharArray()) {
                if (ch == '0') continue;
                int bit = flagBit(ch);
                if (bit == 0) throw new IllegalArgumentException("flags: unknown flag to ignore " + ch);
                keep &= ~bit;
                ignored++;
            }
            if (ignored == 0) throw new IllegalArgumentException("flags: nothing to ignore after the comma");
        }
        return new int[] {FLAGS, mod, b, keep};
    }

    private static int modifierOf(char ch) {
        return switch (ch) {
            case '+' -> MOD_PLUS;
            case '*' -> MOD_ANY;
            case '!' -> MOD_NOT;
            default -> -1;
        };
    }

    private static int flagBit(char ch) {
        return switch (Character.toUpperCase(ch)) {
            case 'F' -> FIN;
            case 'S' -> SYN;
            case 'R' -> RST;
            case 'P' -> PSH;
            case 'A' -> ACK_BIT;
            case 'U' -> URG;
            case 'E', '2' -> ECE;
            case 'C', '1' -> CWR;
            default -> 0;
        };
    }

    /** {@code fragbits:[modifier]MDR[modifier]}: more fragments, don't fragment, reserved. */
    static int[] fragbits(String value) {
        int mod = MOD_EXACT, b = 0;
        boolean modSeen = false;
        for (char ch : value.trim().toCharArray()) {
            int m = modifierOf(ch);
            if (m >= 0) {
                if (modSeen) throw new IllegalArgumentException("fragbits: only one modifier");
                modSeen = true;
                mod = m;
                continue;
            }
            b |= switch (Character.toUpperCase(ch)) {
                case 'M' -> MF;
                case 'D' -> DF;
                case 'R' -> RF;
                default -> {
                    if (Character.isWhitespace(ch)) yield 0;
                    throw new IllegalArgumentException("fragbits: unknown bit " + ch);
                }
            };
        }
        if (b == 0) throw new IllegalArgumentException("fragbits: no bit given");
        return new int[] {FRAGBITS, mod, b, 0};
    }

    /** The IPv4 option type an {@code ipopts} name stands for, or {@link #OPT_ANY}. */
    static int ipopt(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "eol" -> 0x00;
            case "nop" -> 0x01;
            case "rr" -> 0x07;
            case "ts" -> 0x44;
            case "sec" -> 0x82;
            case "lsrr" -> 0x83;
            case "lsrre" -> 0x84;
            case "esec" -> 0x85;
            case "satid" -> 0x88;
            case "ssrr" -> 0x89;
            case "any" -> OPT_ANY;
            default -> throw new IllegalArgumentException("ipopts: unknown option " + value);
        };
    }

    /** Whether every test holds on {@code p}, whose payload is {@code payloadLen} bytes. */
    boolean matches(Packet p, int payloadLen) {
        for (int i = 0; i < kind.length; i++) {
            int k = kind[i];
            boolean ok = switch (k) {
                case FLAGS -> p.isTcp() && flagsMatch(p.tcpFlags & 0xFF, modifier[i], bits[i], keep[i]);
                case FRAGBITS -> p.ipVersion == 4 && bitsMatch(p.u16(p.l3Off + 6) & (RF | DF | MF), modifier[i], bits[i]);
                case IPOPTS -> p.ipVersion == 4 && hasOption(p, bits[i]);
                case SAMEIP -> p.ipVersion != 0 && p.srcHi == p.dstHi && p.srcLo == p.dstLo;
                default -> {
                    long v = value(p, k, payloadLen);
                    yield v >= 0 && compare[i].test(v);
                }
            };
            if (!ok) return false;
        }
        return true;
    }

    /** Suricata's flags test on the 8 flag bits: {@code keep} has the ignored bits cleared. */
    static boolean flagsMatch(int packetFlags, int mod, int want, int keep) {
        if (want == 0 && packetFlags != 0) return mod == MOD_NOT;
        return bitsMatch(packetFlags & keep, mod, want);
    }

    private static boolean bitsMatch(int have, int mod, int want) {
        return switch (mod) {
            case MOD_PLUS -> (have & want) == want;
            case MOD_ANY -> (have & want) != 0;
            case MOD_NOT -> (have & want) != want;
            default -> have == want;
        };
    }

    /** The numeric field, or -1 when the packet lacks its layer. */
    private static long value(Packet p, int kind, int payloadLen) {
        return switch (kind) {
            case DSIZE -> payloadLen;
            case ITYPE -> p.icmpType;
            case ICODE -> p.icmpCode;
            case TTL -> p.ipVersion != 0 ? p.ttl : -1;
            case TOS -> p.ipVersion == 4 ? p.u8(p.l3Off + 1) : -1;
            case ID -> p.ipVersion == 4 ? p.ipId : -1;
            case IP_PROTO -> p.ipVersion != 0 ? p.proto : -1;
            case SEQ -> p.isTcp() ? p.tcpSeq : -1;
            case ACK -> p.isTcp() ? p.tcpAck : -1;
            case WINDOW -> p.isTcp() ? p.tcpWindow : -1;
            case ICMP_ID -> echoLike(p) ? p.u16(p.l4Off + 4) : -1;
            case ICMP_SEQ -> echoLike(p) ? p.u16(p.l4Off + 6) : -1;
            // the header field as written, in 8-byte units; IPv6 has one only in a fragment header
            case FRAGOFFSET -> p.ipVersion == 4 || p.fragment ? p.fragOffset >>> 3 : -1;
            case TCP_MSS -> p.isTcp() ? mss(p) : -1;
            default -> -1;
        };
    }

    /** ICMP messages that carry an identifier and sequence number (echo, timestamp, information, address mask). */
    private static boolean echoLike(Packet p) {
        if (!p.isIcmp() || p.l4Len < 8) return false;
        int t = p.icmpType;
        if (p.proto == 1) return t == 0 || t == 8 || (t >= 13 && t <= 18);
        return t == 128 || t == 129;
    }

    /** The MSS option's value, or -1 when the header has none. */
    private static long mss(Packet p) {
        long off = p.l4Off + 20, end = Math.min(p.l4Off + p.tcpHeaderLen, p.end);
        while (off < end) {
            int kind = p.u8(off);
            if (kind == 0) return -1;
            if (kind == 1) {
                off++;
                continue;
            }
            if (off + 1 >= end) return -1;
            int len = p.u8(off + 1);
            if (len < 2 || off + len > end) return -1;
            if (kind == 2) return len == 4 ? p.u16(off + 2) : -1;
            off += len;
        }
        return -1;
    }

    /**
     * Whether the IPv4 header carries option {@code type}; {@link #OPT_ANY}: any option byte at all, as
     * Suricata counts end-of-list and no-operation among the options it saw.
     */
    private static boolean hasOption(Packet p, int type) {
        if (type == OPT_ANY) return p.ipHeaderLen > 20;
        long off = p.l3Off + 20, end = p.l3Off + p.ipHeaderLen;
        while (off < end) {
            int t = p.u8(off);
            if (t == type) return true;
            if (t == 0) return false;
            if (t == 1) {
                off++;
                continue;
            }
            if (off + 1 >= end) return false;
            int len = p.u8(off + 1);
            if (len < 2) return false;
            off += len;
        }
        return false;
    }
}
