package dev.vigil.scenario.smb;

import java.io.ByteArrayOutputStream;

/**
 * The SPNEGO (RFC 4178) wrapping of SMB2's security buffers: the server's mechanism offer in its NEGOTIATE
 * response, and the negTokenInit / negTokenResp tokens around each NTLMSSP message.
 */
final class Spnego {
    private static final byte[] SPNEGO_OID = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    private static final byte[] NTLMSSP_OID = {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
    private static final byte[] MS_KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    private static final byte[] KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    private static final int ACCEPT_COMPLETED = 0, ACCEPT_INCOMPLETE = 1;

    private Spnego() {}

    /** What a domain-joined Windows server offers before any client token: Kerberos first, then NTLMSSP. */
    static byte[] serverOffer() {
        byte[] mechs = tlv(0x30, tlv(0x06, MS_KRB5_OID), tlv(0x06, KRB5_OID), tlv(0x06, NTLMSSP_OID));
        byte[] hint = tlv(0xa3, tlv(0x30, tlv(0xa0, tlv(0x1b, "not_defined_in_RFC4178@please_ignore".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))));
        return tlv(0x60, tlv(0x06, SPNEGO_OID), tlv(0xa0, tlv(0x30, tlv(0xa0, mechs), hint)));
    }

    /** The client's first token: NTLMSSP as its only mechanism, with the NTLMSSP NEGOTIATE. */
    static byte[] clientInit(byte[] ntlmNegotiate) {
        byte[] mechs = tlv(0xa0, tlv(0x30, tlv(0x06, NTLMSSP_OID)));
        return tlv(0x60, tlv(0x06, SPNEGO_OID), tlv(0xa0, tlv(0x30, mechs, tlv(0xa2, tlv(0x04, ntlmNegotiate)))));
    }

    static byte[] serverChallenge(byte[] ntlmChallenge) {
        return tlv(0xa1, tlv(0x30, negState(ACCEPT_INCOMPLETE), tlv(0xa1, tlv(0x06, NTLMSSP_OID)),
                tlv(0xa2, tlv(0x04, ntlmChallenge))));
    }

    static byte[] clientAuthenticate(byte[] ntlmAuthenticate, byte[] mechListMic) {
        return tlv(0xa1, tlv(0x30, tlv(0xa2, tlv(0x04, ntlmAuthenticate)), tlv(0xa3, tlv(0x04, mechListMic))));
    }

    static byte[] serverAccept(byte[] mechListMic) {
        return tlv(0xa1, tlv(0x30, negState(ACCEPT_COMPLETED), tlv(0xa3, tlv(0x04, mechListMic))));
    }

    private static byte[] negState(int state) {
        return tlv(0xa0, tlv(0x0a, new byte[] {(byte) state}));
    }

    /** One DER TLV whose value is the concatenation of {@code parts}. */
    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        for (byte[] p : parts) v.writeBytes(p);
        int n = v.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n);
        }
        out.writeBytes(v.toByteArray());
        return out.toByteArray();
    }
}
