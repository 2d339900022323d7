package dev.vigil.applayer.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * One parsed DNS message: header, questions and the three resource-record sections, with the rdata
 * Suricata logs already decoded (names decompressed, addresses formatted). Everything is copied out of
 * the packet, and bounded by the message itself (at most 65535 bytes).
 */
public final class DnsMessage {
    public int id;
    public int flags;
    public final List<Question> questions = new ArrayList<>(1);
    public final List<Rr> answers = new ArrayList<>(0);
    public final List<Rr> authorities = new ArrayList<>(0);
    public final List<Rr> additionals = new ArrayList<>(0);

    public boolean response() { return (flags & 0x8000) != 0; }

    public int opcode() { return (flags >> 11) & 0xF; }

    public int rcode() { return flags & 0xF; }

    public record Question(byte[] name, boolean nameTruncated, int type, int cls) {}

    /** A resource record; {@link #data} is one of the records below, or null when nothing is logged for the type. */
    public record Rr(byte[] name, boolean nameTruncated, int type, int cls, long ttl, Object data) {}

    /** CNAME, NS, PTR, MX (exchange only, as Suricata logs it) and other single-name rdata. */
    public record NameData(byte[] name, boolean truncated) {}

    /** A and AAAA, already in Suricata's text form. */
    public record Address(String text) {}

    /** TXT (and SPF): the character-strings, each logged as its own answer entry. */
    public record Txt(List<byte[]> strings) {}

    /** NULL: raw bytes logged as text. */
    public record Raw(byte[] bytes) {}

    public record Soa(byte[] mname, boolean mnameTruncated, byte[] rname, boolean rnameTruncated,
                      long serial, long refresh, long retry, long expire, long minimum) {}

    public record Srv(int priority, int weight, int port, byte[] target) {}

    public record Sshfp(int algo, int fpType, byte[] fingerprint) {}

    public record OptOption(int code, byte[] data) {}

    /** EDNS OPT pseudo-record's options; an OPT without options is not logged. */
    public record Opt(List<OptOption> options) {}
}
