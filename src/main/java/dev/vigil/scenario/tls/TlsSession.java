package dev.vigil.scenario.tls;

import dev.vigil.scenario.wire.TcpConversation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One HTTPS connection over an open {@link TcpConversation}: a real handshake up to the point where
 * keys exist, then records of the right types and sizes whose contents are random, as encrypted
 * traffic looks to a sensor. TLS 1.2 shows the certificate chain, the signed ECDHE parameters and the
 * key exchange in clear; TLS 1.3 shows only the hellos and the compatibility ChangeCipherSpecs.
 *
 * <p>Use: {@link #handshake()}, any number of {@link #exchange}, {@link #closeNotify()}, then close TCP.
 */
public final class TlsSession {
    public enum Version { TLS_1_2, TLS_1_3 }

    /** One request/response over the connection, after the client thinks for {@code thinkNanos}. */
    public record Exchange(int requestBytes, int responseBytes, long serverWorkNanos, long thinkNanos) {}

    private static final int CCS = 20, ALERT = 21, HANDSHAKE = 22, APP_DATA = 23;
    private static final int MAX_FRAGMENT = 16384;
    private static final int TAG = 16;
    /** Server preference among TLS 1.3 suites, and among 1.2 suites an ECDSA certificate can serve. */
    private static final int[] SERVER_13 = {0x1301, 0x1302, 0x1303};
    private static final int[] SERVER_12 = {0xc02b, 0xc02c, 0xcca9};
    private static final int X25519 = 0x001d, SECP256R1 = 0x0017;

    private final TcpConversation tcp;
    private final RandomGenerator rng;
    private final BrowserProfile profile;
    private final String serverName;
    private final Version version;
    private final SiteCertificates.Chain chain;
    private String alpnPreference = "h2";
    private ClientHelloWriter.Hello hello;
    private int cipher;
    private String alpn;
    /** Client records not yet sent: they leave with the next request, as a client's write buffer does. */
    private final ByteArrayOutputStream pendingClient = new ByteArrayOutputStream();
    private boolean firstExchange = true;

    /**
     * {@code version} is what the server supports: a TLS 1.3 client still offers 1.3 and the server
     * answers 1.2; a client without 1.3 makes the connection 1.2 whatever the server could do.
     */
    public TlsSession(TcpConversation tcp, BrowserProfile profile, String serverName, Version version, SiteCertificates.Chain chain) {
        this.tcp = tcp;
        this.rng = tcp.wire().rng();
        this.profile = profile;
        this.serverName = serverName;
        this.version = profile.offersTls13() ? version : Version.TLS_1_2;
        this.chain = chain;
    }

    /** The server's ALPN choice when the client offers it ("h2" by default, "http/1.1" for an HTTP/1 site). */
    public TlsSession alpn(String protocol) {
        this.alpnPreference = protocol;
        return this;
    }

    public Version version() {
        return version;
    }

    /** The suite the server chose; valid after {@link #handshake()}. */
    public int cipherSuite() {
        return cipher;
    }

    /** The negotiated application protocol, or null when the client offered none. */
    public String negotiatedAlpn() {
        return alpn;
    }

    public ClientHelloWriter.Hello clientHello() {
        return hello;
    }

    public void handshake() {
        hello = ClientHelloWriter.write(profile, serverName, rng);
        alpn = hello.alpn().isEmpty() ? null : hello.alpn().contains(alpnPreference) ? alpnPreference : hello.alpn().getFirst();
        tcp.fromClient(TlsBytes.record(HANDSHAKE, profile.spec().recordVersion(), hello.message()));
        // the server's ECDHE and signature
        tcp.wire().advance(micros(300, 2500));
        if (version == Version.TLS_1_3) handshake13();
        else handshake12();
    }

    private void handshake13() {
        cipher = choose(SERVER_13);
        TlsBytes ext = new TlsBytes();
        ext.u16(43).u16(2).u16(0x0304);
        ext.u16(51).vector(2, new TlsBytes().u16(X25519).vector(2, random(32)).toByteArray());
        TlsBytes sh = new TlsBytes().u16(0x0303).random(rng, 32).vector(1, hello.sessionId()).u16(cipher).u8(0)
                .vector(2, ext.toByteArray());
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        flight.writeBytes(TlsBytes.record(HANDSHAKE, 0x0303, TlsBytes.handshake(2, sh.toByteArray())));
        flight.writeBytes(ccs());
        int eeLen = 2 + (alpn == null ? 0 : 4 + 2 + 1 + alpn.length());
        flight.writeBytes(sealed13(4 + eeLen));
        int certs = 4;
        for (byte[] c : chain.certificates()) certs += 3 + c.length + 2;
        flight.writeBytes(sealed13(4 + certs));
        flight.writeBytes(sealed13(4 + 4 + ecdsaSignatureLength()));
        flight.writeBytes(sealed13(4 + hashLength()));
        tcp.fromServer(flight.toByteArray());
        tcp.wire().advance(micros(200, 1500));
        // the client's Finished travels with its first request
        pendingClient.writeBytes(ccs());
        pendingClient.writeBytes(sealed13(4 + hashLength()));
    }

    private void handshake12() {
        cipher = choose(SERVER_12);
        TlsBytes ext = new TlsBytes();
        ext.u16(65281).u16(1).u8(0);
        if (hello.offers(11)) ext.u16(11).u16(2).u8(1).u8(0);
        if (hello.offers(35)) ext.u16(35).u16(0);
        if (alpn != null) {
            byte[] p = alpn.getBytes(StandardCharsets.US_ASCII);
            ext.u16(16).u16(2 + 1 + p.length).u16(1 + p.length).vector(1, p);
        }
        if (hello.offers(23)) ext.u16(23).u16(0);
        byte[] serverRandom = random(32);
        TlsBytes sh = new TlsBytes().u16(0x0303).bytes(serverRandom).vector(1, random(32)).u16(cipher).u8(0).vector(2, ext.toByteArray());

        TlsBytes certList = new TlsBytes();
        for (byte[] c : chain.certificates()) certList.vector(3, c);
        byte[] certificate = new TlsBytes().vector(3, certList.toByteArray()).toByteArray();

        int curve = offersGroup(X25519) ? X25519 : SECP256R1;
        byte[] point = curve == X25519 ? random(32) : uncompressedPoint();
        byte[] params = new TlsBytes().u8(3).u16(curve).vector(1, point).toByteArray();
        byte[] clientRandom = Arrays.copyOfRange(hello.message(), 6, 38);
        byte[] signature = sign(clientRandom, serverRandom, params);
        byte[] ske = new TlsBytes().bytes(params).u16(0x0403).vector(2, signature).toByteArray();

        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        flight.writeBytes(TlsBytes.record(HANDSHAKE, 0x0303, TlsBytes.handshake(2, sh.toByteArray())));
        flight.writeBytes(TlsBytes.record(HANDSHAKE, 0x0303, TlsBytes.handshake(11, certificate)));
        flight.writeBytes(TlsBytes.record(HANDSHAKE, 0x0303, TlsBytes.handshake(12, ske)));
        flight.writeBytes(TlsBytes.record(HANDSHAKE, 0x0303, TlsBytes.handshake(14, new byte[0])));
        tcp.fromServer(flight.toByteArray());

        tcp.wire().advance(micros(200, 1500));
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        byte[] clientPoint = curve == X25519 ? random(32) : uncompressedPoint();
        client.writeBytes(TlsBytes.record(HANDSHAKE, 0x0303, TlsBytes.handshake(16, new TlsBytes().vector(1, clientPoint).toByteArray())));
        client.writeBytes(ccs());
        client.writeBytes(sealed12(HANDSHAKE, 4 + 12));
        tcp.fromClient(client.toByteArray());

        tcp.wire().advance(micros(100, 800));
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        if (hello.offers(35)) {
            // RFC 5077 ticket: lifetime hint, then an opaque ticket the size nginx/OpenSSL issue
            byte[] ticket = new TlsBytes().u32(300 + rng.nextInt(7200)).vector(2, random(160 + 16 * rng.nextInt(3))).toByteArray();
            server.writeBytes(TlsBytes.record(HANDSHAKE, 0x0303, TlsBytes.handshake(4, ticket)));
        }
        server.writeBytes(ccs());
        server.writeBytes(sealed12(HANDSHAKE, 4 + 12));
        tcp.fromServer(server.toByteArray());
    }

    /** A request of {@code requestBytes} and a response of {@code responseBytes} of application data. */
    public void exchange(int requestBytes, int responseBytes, long serverWorkNanos) {
        requireHandshake();
        pendingClient.writeBytes(appData(requestBytes));
        byte[] request = pendingClient.toByteArray();
        pendingClient.reset();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        if (version == Version.TLS_1_3 && firstExchange) {
            // TLS 1.3 servers send their session tickets once the client's Finished arrives
            int tickets = 1 + rng.nextInt(2);
            for (int i = 0; i < tickets; i++) response.writeBytes(sealed13(4 + 4 + 4 + 1 + 8 + 2 + 192 + 2));
        }
        firstExchange = false;
        response.writeBytes(appData(responseBytes));
        tcp.exchange(request, response.toByteArray(), serverWorkNanos);
    }

    public void exchanges(List<Exchange> list) {
        for (Exchange e : list) {
            tcp.wire().advance(e.thinkNanos());
            exchange(e.requestBytes(), e.responseBytes(), e.serverWorkNanos());
        }
    }

    /** The client's encrypted close_notify alert; the caller closes TCP afterwards. */
    public void closeNotify() {
        requireHandshake();
        pendingClient.writeBytes(version == Version.TLS_1_3 ? sealed13(2) : sealed12(ALERT, 2));
        tcp.fromClient(pendingClient.toByteArray());
        pendingClient.reset();
    }

    private void requireHandshake() {
        if (hello == null) throw new IllegalStateException("handshake() first");
    }

    private byte[] appData(int plaintext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext + 64);
        for (int left = plaintext; left > 0; left -= MAX_FRAGMENT) {
            int n = Math.min(MAX_FRAGMENT, left);
            out.writeBytes(version == Version.TLS_1_3 ? sealed13(n) : sealed12(APP_DATA, n));
        }
        return out.toByteArray();
    }

    /** A TLS 1.3 protected record: always typed application_data, the real type hidden inside with the tag. */
    private byte[] sealed13(int plaintext) {
        return TlsBytes.record(APP_DATA, 0x0303, random(plaintext + 1 + TAG));
    }

    /** A TLS 1.2 AEAD record: GCM carries an 8-byte explicit nonce, ChaCha20-Poly1305 none. */
    private byte[] sealed12(int type, int plaintext) {
        int nonce = cipher == 0xcca9 ? 0 : 8;
        return TlsBytes.record(type, 0x0303, random(nonce + plaintext + TAG));
    }

    private static byte[] ccs() {
        return TlsBytes.record(CCS, 0x0303, new byte[] {1});
    }

    private int choose(int[] serverPreference) {
        for (int s : serverPreference) for (int c : hello.cipherSuites()) if (c == s) return s;
        throw new IllegalStateException(profile + " offers none of the server's suites");
    }

    private boolean offersGroup(int group) {
        for (int g : profile.spec().groups()) if (g == group) return true;
        return false;
    }

    private int hashLength() {
        return cipher == 0x1302 ? 48 : 32;
    }

    /** DER ECDSA P-256 signatures are 70–72 bytes, depending on the leading bits of r and s. */
    private int ecdsaSignatureLength() {
        int r = rng.nextInt(4);
        return r == 0 ? 70 : r == 3 ? 72 : 71;
    }

    private byte[] sign(byte[] clientRandom, byte[] serverRandom, byte[] params) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(chain.leafKey(), new SeededSecureRandom(rng.nextLong()));
            s.update(clientRandom);
            s.update(serverRandom);
            s.update(params);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA is mandatory in the JDK", e);
        }
    }

    private byte[] uncompressedPoint() {
        byte[] p = random(65);
        p[0] = 4;
        return p;
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }

    private long micros(int min, int max) {
        return 1_000L * (min + rng.nextInt(max - min + 1));
    }
}
