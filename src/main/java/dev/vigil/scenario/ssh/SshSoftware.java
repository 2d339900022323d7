package dev.vigil.scenario.ssh;

import java.util.List;

/**
 * An SSH implementation as the wire shows it: its identification string and the algorithm name-lists of
 * its KEXINIT (the same lists for both directions, as every implementation here sends them). The lists
 * of the OpenSSH profiles are those seen in real captures; the others follow the defaults of the
 * implementation's release.
 */
public record SshSoftware(String identification, String kex, String hostKey, String ciphers, String macs, String compression) {

    /** Ubuntu 24.04's client. */
    public static final SshSoftware OPENSSH_9_6_CLIENT = new SshSoftware("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5",
            "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
                    + "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
                    + "diffie-hellman-group14-sha256,ext-info-c,kex-strict-c-v00@openssh.com",
            "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,"
                    + "ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"
                    + "rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
                    + "ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
            Lists.OPENSSH_CIPHERS, Lists.OPENSSH_MACS, "none,zlib@openssh.com,zlib");

    /** Ubuntu 24.04's sshd. */
    public static final SshSoftware OPENSSH_9_6_SERVER = new SshSoftware("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5",
            "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
                    + "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
                    + "diffie-hellman-group14-sha256,kex-strict-s-v00@openssh.com",
            "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256,ssh-ed25519", Lists.OPENSSH_CIPHERS, Lists.OPENSSH_MACS, "none,zlib@openssh.com");

    /** Ubuntu 20.04's sshd: curve25519-sha256 is its first key exchange. */
    public static final SshSoftware OPENSSH_8_2_SERVER = new SshSoftware("SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.11",
            "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
                    + "diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
            "rsa-sha2-512,rsa-sha2-256,ssh-rsa,ecdsa-sha2-nistp256,ssh-ed25519", Lists.OPENSSH_CIPHERS, Lists.OPENSSH_MACS, "none,zlib@openssh.com");

    /** PuTTY on a Windows admin workstation: AES-CTR before the AEAD ciphers, plain HMACs first. */
    public static final SshSoftware PUTTY_0_81 = new SshSoftware("SSH-2.0-PuTTY_Release_0.81",
            "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
                    + "ecdh-sha2-nistp521,diffie-hellman-group18-sha512,diffie-hellman-group17-sha512,diffie-hellman-group16-sha512,"
                    + "diffie-hellman-group15-sha512,diffie-hellman-group14-sha256,diffie-hellman-group-exchange-sha256,"
                    + "diffie-hellman-group-exchange-sha1,diffie-hellman-group14-sha1,rsa2048-sha256,rsa1024-sha1,"
                    + "diffie-hellman-group1-sha1,ext-info-c,kex-strict-c-v00@openssh.com",
            "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,ssh-ed448,rsa-sha2-512,rsa-sha2-256,ssh-rsa,ssh-dss",
            "aes256-ctr,aes256-cbc,rijndael-cbc@lysator.liu.se,aes192-ctr,aes192-cbc,aes128-ctr,aes128-cbc,chacha20-poly1305@openssh.com,"
                    + "aes256-gcm@openssh.com,aes128-gcm@openssh.com,3des-ctr,3des-cbc,blowfish-ctr,blowfish-cbc,arcfour256,arcfour128",
            "hmac-sha2-256,hmac-sha1,hmac-sha1-96,hmac-md5,hmac-sha2-256-etm@openssh.com,hmac-sha1-etm@openssh.com,"
                    + "hmac-sha1-96-etm@openssh.com,hmac-md5-etm@openssh.com",
            "none,zlib,zlib@openssh.com");

    /** libssh 0.9, the library hydra and many scanners use. */
    public static final SshSoftware LIBSSH_0_9_6 = new SshSoftware("SSH-2.0-libssh_0.9.6",
            "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
                    + "diffie-hellman-group18-sha512,diffie-hellman-group16-sha512,diffie-hellman-group-exchange-sha256,"
                    + "diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,diffie-hellman-group1-sha1,ext-info-c",
            "ssh-ed25519,ecdsa-sha2-nistp521,ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256,ssh-rsa",
            "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr,"
                    + "aes256-cbc,aes192-cbc,aes128-cbc",
            "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
            "none");

    /** Go's golang.org/x/crypto/ssh client (implants, automation tools). */
    public static final SshSoftware GO_CLIENT = new SshSoftware("SSH-2.0-Go",
            "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
                    + "diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,ext-info-c,kex-strict-c-v00@openssh.com",
            "rsa-sha2-256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,ssh-rsa-cert-v01@openssh.com,"
                    + "ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,"
                    + "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-256,rsa-sha2-512,"
                    + "ssh-rsa,ssh-ed25519",
            "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr",
            "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1,hmac-sha1-96",
            "none");

    private static final class Lists {
        static final String OPENSSH_CIPHERS = "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com";
        static final String OPENSSH_MACS = "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
                + "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,"
                + "hmac-sha2-512,hmac-sha1";
    }

    public SshSoftware {
        if (!identification.startsWith("SSH-2.0-")) throw new IllegalArgumentException("not an SSH 2 identification: " + identification);
    }

    /** The same algorithms under another identification string (a rebuilt or patched binary). */
    public SshSoftware withIdentification(String id) {
        return new SshSoftware(id, kex, hostKey, ciphers, macs, compression);
    }

    /** The same software configured with other key exchanges (sshd_config KexAlgorithms). */
    public SshSoftware withKex(String list) {
        return new SshSoftware(identification, list, hostKey, ciphers, macs, compression);
    }

    /** The same software configured with other ciphers (sshd_config Ciphers). */
    public SshSoftware withCiphers(String list) {
        return new SshSoftware(identification, kex, hostKey, list, macs, compression);
    }

    /** The same software configured with other MACs (sshd_config MACs). */
    public SshSoftware withMacs(String list) {
        return new SshSoftware(identification, kex, hostKey, ciphers, list, compression);
    }

    /**
     * Ubuntu 20.04's sshd hardened as CIS benchmarks ask: CTR ciphers and encrypt-then-MAC only. Every
     * client then sends its packet lengths in clear, which also keeps tshark 4.0 able to delimit
     * packets: with the length encrypted (chacha20, non-ETM CTR) it reports a few random packets per
     * million as malformed.
     */
    public static final SshSoftware OPENSSH_8_2_HARDENED = OPENSSH_8_2_SERVER.withCiphers("aes256-ctr,aes192-ctr,aes128-ctr")
            .withMacs("hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com");

    /** The ten KEXINIT name-lists in wire order; languages are empty. */
    List<String> nameLists() {
        return List.of(kex, hostKey, ciphers, ciphers, macs, macs, compression, compression, "", "");
    }

    /** RFC 4253 7.1: the first of the client's names that the server also lists. */
    static String negotiate(String client, String server) {
        List<String> offered = List.of(server.split(","));
        for (String c : client.split(",")) if (offered.contains(c)) return c;
        throw new IllegalArgumentException("no common algorithm between " + client + " and " + server);
    }
}
