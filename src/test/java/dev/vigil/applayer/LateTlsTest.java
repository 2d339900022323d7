package dev.vigil.applayer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The search for a ClientHello after a preamble: where it is found, across calls, and what it refuses. */
class LateTlsTest {
    /** The first 60 bytes of the SOCKS5 capture's ClientHello (other/zeek-socks-with-ssl.pcap, frame 10). */
    static final byte[] HELLO = HexFormat.of().parseHex(
            "16030100a20100009e03014fe0816ec3db7a63312a667f6a338f0204226bfeebbee43879b47ae0d4e2a9bdf820"
            + "9b2d8e0f0a3e5c6a7b2e9c1d3f4a5b6c");
    static final byte[] SOCKS5_CONNECT = HexFormat.of().parseHex("050100030e7777772e676f6f676c652e636f6d01bb");

    static {
        HELLO[43] = 0; // an empty session id, whatever the filler above says
    }

    @Test
    void theStrictCheckAcceptsARealClientHelloHeader() {
        assertThat(LateTls.isClientHello(HELLO, 0)).isTrue();
    }

    @Test
    void eachFieldOfTheCheckCanRefuse() {
        int[][] breaks = {
            {0, 23},      // not a handshake record
            {1, 2},       // record version 2.x
            {2, 5},       // record version 3.5
            {3, 0x41},    // record longer than 16 KiB
            {5, 2},       // a ServerHello, not a ClientHello
            {6, 1},       // hello longer than its record
            {9, 2},       // client version 2.x
            {10, 9},      // client version 3.9
            {43, 33},     // session id longer than 32
        };
        for (int[] b : breaks) {
            byte[] h = HELLO.clone();
            h[b[0]] = (byte) b[1];
            assertThat(LateTls.isClientHello(h, 0)).as("byte %d = %d", b[0], b[1]).isFalse();
        }
    }

    @Test
    void findsTheHelloAfterAPreambleInTheSameCall() {
        byte[] both = concat(SOCKS5_CONNECT, HELLO);
        assertThat(new LateTls().find(both, 0, both.length)).isEqualTo(SOCKS5_CONNECT.length);
    }

    @Test
    void findsAHelloWhoseHeaderIsSplitOverCalls() {
        for (int split = 1; split < LateTls.NEEDED; split++) {
            byte[] both = concat(SOCKS5_CONNECT, HELLO);
            LateTls w = new LateTls();
            int cut = SOCKS5_CONNECT.length + split;
            assertThat(w.find(both, 0, cut)).as("split %d, first call", split).isEqualTo(LateTls.NONE);
            int at = w.find(both, cut, both.length - cut);
            assertThat(at).as("split %d", split).isEqualTo(-split);
            // the held bytes are the hello's first ones
            byte[] held = Arrays.copyOfRange(w.held(), w.heldLen() + at, w.heldLen());
            assertThat(held).isEqualTo(Arrays.copyOf(HELLO, split));
        }
    }

    @Test
    void findsAHelloSpreadOverOneByteCalls() {
        byte[] both = concat(SOCKS5_CONNECT, HELLO);
        LateTls w = new LateTls();
        int found = LateTls.NONE, at = -1;
        for (int i = 0; i < both.length && found == LateTls.NONE; i++) {
            found = w.find(both, i, 1);
            at = i;
        }
        assertThat(found).isLessThan(0);
        // the hello starts -found bytes before the byte of the call that completed its header
        assertThat(at + found).isEqualTo(SOCKS5_CONNECT.length);
        byte[] held = Arrays.copyOfRange(w.held(), w.heldLen() + found, w.heldLen());
        assertThat(held).isEqualTo(Arrays.copyOf(HELLO, held.length));
        assertThat(held.length).isEqualTo(LateTls.NEEDED - 1);
    }

    @Test
    void randomBytesAreNotAHelloAndTheBudgetEndsTheSearch() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] chunk = new byte[1460];
        LateTls w = new LateTls();
        int calls = 0;
        while (!w.exhausted()) {
            r.nextBytes(chunk);
            // plant the likeliest accidents: handshake type bytes everywhere
            for (int i = 0; i < chunk.length; i += 97) chunk[i] = 22;
            assertThat(w.find(chunk, 0, chunk.length)).isEqualTo(LateTls.NONE);
            calls++;
        }
        assertThat(calls).isEqualTo((LateTls.MAX_SCANNED + chunk.length - 1) / chunk.length);
        // a real hello past the budget is not looked at
        assertThat(w.find(HELLO, 0, HELLO.length)).isEqualTo(LateTls.NONE);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
