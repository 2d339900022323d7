package dev.vigil.applayer.dns;

/**
 * Resource-record type numbers and the names Suricata logs for them. A type Suricata does not name is
 * logged as its decimal number (so SVCB is "64" and CAA "257", as in Suricata 8).
 */
public final class RrTypes {
    private RrTypes() {}

    public static final int A = 1, NS = 2, CNAME = 5, SOA = 6, NULL = 10, PTR = 12, MX = 15, TXT = 16,
            AAAA = 28, SRV = 33, OPT = 41, DS = 43, SSHFP = 44, RRSIG = 46, DNSKEY = 48, SVCB = 64, HTTPS = 65,
            SPF = 99, CAA = 257;

    private static final String[] NAMES = new String[258];

    static {
        String[] pairs = {
            "1", "A", "2", "NS", "3", "MD", "4", "MF", "5", "CNAME", "6", "SOA", "7", "MB", "8", "MG", "9", "MR",
            "10", "NULL", "11", "WKS", "12", "PTR", "13", "HINFO", "14", "MINFO", "15", "MX", "16", "TXT",
            "17", "RP", "18", "AFSDB", "19", "X25", "20", "ISDN", "21", "RT", "22", "NSAP", "23", "NSAPPTR",
            "24", "SIG", "25", "KEY", "26", "PX", "27", "GPOS", "28", "AAAA", "29", "LOC", "30", "NXT",
            "33", "SRV", "34", "ATMA", "35", "NAPTR", "36", "KX", "37", "CERT", "38", "A6", "39", "DNAME",
            "41", "OPT", "42", "APL", "43", "DS", "44", "SSHFP", "45", "IPSECKEY", "46", "RRSIG", "47", "NSEC",
            "48", "DNSKEY", "49", "DHCID", "50", "NSEC3", "51", "NSEC3PARAM", "52", "TLSA", "55", "HIP",
            "59", "CDS", "60", "CDNSKEY", "65", "HTTPS", "99", "SPF", "249", "TKEY", "250", "TSIG",
            "254", "MAILA", "255", "ANY", "256", "URI"};
        for (int i = 0; i < pairs.length; i += 2) NAMES[Integer.parseInt(pairs[i])] = pairs[i + 1];
        for (int i = 0; i < NAMES.length; i++) if (NAMES[i] == null) NAMES[i] = Integer.toString(i);
    }

    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : Integer.toString(type);
    }

    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
            "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE", "11", "12", "13", "14", "15"};

    /** The 4-bit header rcode as Suricata names it. */
    public static String rcode(int flags) {
        return RCODES[flags & 0xF];
    }
}
