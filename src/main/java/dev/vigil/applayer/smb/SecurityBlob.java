package dev.vigil.applayer.smb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The security blob of a SESSION_SETUP: SPNEGO (GSS-API, DER) around an NTLMSSP or Kerberos token, or a
 * raw NTLMSSP message. From an NTLMSSP AUTHENTICATE it takes the user, domain and workstation; from a
 * Kerberos AP-REQ the ticket's realm and service names. Nothing else of the blob is kept.
 */
final class SecurityBlob {
    /** DER nesting followed; SPNEGO needs about six levels, a Kerberos ticket about eight. */
    private static final int MAX_DEPTH = 12;
    private static final byte[] NTLMSSP = "NTLMSSP\0".getBytes(StandardCharsets.ISO_8859_1);

    String ntlmUser, ntlmDomain, ntlmHost;
    /** An NTLMSSP AUTHENTICATE whose fields point outside the message. */
    boolean ntlmMalformed;
    boolean kerberos;
    String krbRealm;
    List<String> krbSnames;

    static SecurityBlob parse(byte[] b, int off, int len) {
        SecurityBlob r = new SecurityBlob();
        if (len <= 0) return r;
        if (startsWith(b, off, len, NTLMSSP)) {
            r.ntlm(b, off, len);
        } else {
            r.walk(b, off, off + len, 0);
        }
        return r;
    }

    boolean hasNtlm() { return ntlmUser != null || ntlmDomain != null || ntlmHost != null; }

    private static boolean startsWith(byte[] b, int off, int len, byte[] p) {
        if (len < p.length) return false;
        for (int i = 0; i < p.length; i++) if (b[off + i] != p[i]) return false;
        return true;
    }

    /** Walks DER TLVs in {@code [pos, end)}, descending into constructed values, looking at OCTET STRINGs. */
    private void walk(byte[] b, int pos, int end, int depth) {
        if (depth > MAX_DEPTH) return;
        while (pos + 2 <= end) {
            int tag = b[pos] & 0xFF;
            int[] hl = length(b, pos + 1, end);
            if (hl == null) return;
            int start = pos + 1 + hl[0];
            int clen = hl[1];
            if (clen > end - start) return;
            if (tag == 0x04) {
                inspectToken(b, start, clen, depth);
            } else if ((tag & 0x20) != 0) {
                if (tag == 0x60 && depth > 0) {
                    inspectToken(b, pos, end - pos, depth);
                } else {
                    walk(b, start, start + clen, depth + 1);
                }
            }
            pos = start + clen;
        }
    }

    private void inspectToken(byte[] b, int off, int len, int depth) {
        if (startsWith(b, off, len, NTLMSSP)) {
            ntlm(b, off, len);
        } else if (len > 2 && (b[off] & 0xFF) == 0x60) {
            krbToken(b, off, len);
        } else if (len > 2 && ((b[off] & 0xFF) == 0x30 || (b[off] & 0xFF) == 0xa0 || (b[off] & 0xFF) == 0xa1)) {
            walk(b, off, off + len, depth + 1);
        }
    }

    /** GSS-API initial context token: [APPLICATION 0] { mech OID, 2-byte token id, AP-REQ }. */
    private void krbToken(byte[] b, int off, int len) {
        int end = off + len;
        int[] hl = length(b, off + 1, end);
        if (hl == null) return;
        int p = off + 1 + hl[0];
        int innerEnd = Math.min(end, p + hl[1]);
        if (p + 2 > innerEnd || b[p] != 0x06) return;
        int[] ol = length(b, p + 1, innerEnd);
        if (ol == null) return;
        int oidStart = p + 1 + ol[0];
        if (ol[1] > innerEnd - oidStart) return;
        if (!isKerberosOid(b, oidStart, ol[1])) return;
        kerberos = true;
        p = oidStart + ol[1] + 2; // token id 01 00 = AP-REQ
        if (p >= innerEnd || (b[p] & 0xFF) != 0x6e) return;
        apReq(b, p, innerEnd);
    }

    /** AP-REQ [APPLICATION 14] SEQUENCE { ..., [3] Ticket }; Ticket [APPLICATION 1] SEQUENCE { [1] realm, [2] sname }. */
    private void apReq(byte[] b, int p, int end) {
        int[] seq = enter(b, p, end, 0x6e);
        if (seq == null) return;
        seq = enter(b, seq[0], seq[1], 0x30);
        if (seq == null) return;
        int[] ticket = field(b, seq[0], seq[1], 0xa3);
        if (ticket == null) return;
        ticket = enter(b, ticket[0], ticket[1], 0x61);
        if (ticket == null) return;
        ticket = enter(b, ticket[0], ticket[1], 0x30);
        if (ticket == null) return;
        int[] realm = field(b, ticket[0], ticket[1], 0xa1);
        if (realm != null) {
            int[] s = enter(b, realm[0], realm[1], 0x1b);
            if (s != null) krbRealm = Bytes.ascii(b, s[0], s[1] - s[0]);
        }
        int[] sname = field(b, ticket[0], ticket[1], 0xa2);
        if (sname == null) return;
        sname = enter(b, sname[0], sname[1], 0x30);
        if (sname == null) return;
        int[] strings = field(b, sname[0], sname[1], 0xa1);
        if (strings == null) return;
        strings = enter(b, strings[0], strings[1], 0x30);
        if (strings == null) return;
        List<String> names = new ArrayList<>();
        int q = strings[0];
        while (q + 2 <= strings[1] && names.size() < 16) {
            int[] hl = length(b, q + 1, strings[1]);
            if (hl == null) break;
            int s = q + 1 + hl[0];
            if (hl[1] > strings[1] - s) break;
            if ((b[q] & 0xFF) == 0x1b) names.add(Bytes.ascii(b, s, hl[1]));
            q = s + hl[1];
        }
        krbSnames = names;
    }

    /** The content range {start, end} of the TLV at {@code p} if its tag is {@code tag}. */
    private static int[] enter(byte[] b, int p, int end, int tag) {
        if (p + 2 > end || (b[p] & 0xFF) != tag) return null;
        int[] hl = length(b, p + 1, end);
        if (hl == null) return null;
        int s = p + 1 + hl[0];
        if (hl[1] > end - s) return null;
        return new int[] {s, s + hl[1]};
    }

    /** The content range of the first TLV with tag {@code tag} among the siblings in {@code [p, end)}. */
    private static int[] field(byte[] b, int p, int end, int tag) {
        while (p + 2 <= end) {
            int[] hl = length(b, p + 1, end);
            if (hl == null) return null;
            int s = p + 1 + hl[0];
            if (hl[1] > end - s) return null;
            if ((b[p] & 0xFF) == tag) return new int[] {s, s + hl[1]};
            p = s + hl[1];
        }
        return null;
    }

    /** DER length at {@code p}: {bytes used, length}, or null when malformed or beyond {@code end}. */
    private static int[] length(byte[] b, int p, int end) {
        if (p >= end) return null;
        int first = b[p] & 0xFF;
        if (first < 0x80) return new int[] {1, first};
        int n = first & 0x7F;
        if (n == 0 || n > 4 || p + n >= end) return null;
        long v = 0;
        for (int i = 1; i <= n; i++) v = (v << 8) | (b[p + i] & 0xFF);
        if (v > Integer.MAX_VALUE) return null;
        return new int[] {1 + n, (int) v};
    }

    private static final byte[] KRB5 = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    private static final byte[] MS_KRB5 = {0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};

    private static boolean isKerberosOid(byte[] b, int off, int len) {
        return len == 9 && (startsWith(b, off, len, KRB5) || startsWith(b, off, len, MS_KRB5));
    }

    /** NTLMSSP message; only AUTHENTICATE (type 3) carries the names logged. */
    private void ntlm(byte[] b, int off, int len) {
        if (len < 12 || Bytes.i32(b, off + 8) != 3) return;
        if (len < 52) {
            ntlmMalformed = true;
            return;
        }
        boolean unicode = len >= 64 && (Bytes.i32(b, off + 60) & 0x1) != 0;
        String domain = ntlmField(b, off, len, 28, unicode);
        String user = ntlmField(b, off, len, 36, unicode);
        String host = ntlmField(b, off, len, 44, unicode);
        if (ntlmMalformed) return;
        ntlmDomain = domain;
        ntlmUser = user;
        ntlmHost = host;
    }

    private String ntlmField(byte[] b, int off, int len, int at, boolean unicode) {
        int flen = Bytes.u16(b, off + at);
        long foff = Bytes.u32(b, off + at + 4);
        if (flen == 0) return "";
        if (foff > len || flen > len - foff) {
            ntlmMalformed = true;
            return null;
        }
        int s = off + (int) foff;
        return unicode ? Bytes.utf16(b, s, flen) : Bytes.ascii(b, s, flen);
    }
}
