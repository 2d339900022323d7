package dev.vigil.applayer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** One real Chrome ClientHello (from ja4-tls-sni.pcapng), values from tshark and FoxIO's JA4 snapshot. */
class ClientHelloTest {
    static final String CHROME = "1603010200010001fc03030f9e38acb9a54a7c6e00e29a70ac2feee180ff76d7f25dca84932a66a42d1e5a20bc58b92f865e6b9aa4a6371cadcb0afe1da1c0f705209a11d52357f56d5dd9620020aaaa130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035010001939a9a0000ff010001000033002b00290a0a000100001d0020cf55af2603e92f59eb321779706a18fa6b96b16c16404c2264ed687a59401878002d00020101000500050100000000446900050003026832000d00120010040308040401050308050501080606010010000e000c02683208687474702f312e3100230000001b0003020002002b0007060a0a0304030300000022002000001d636c69656e7473657276696365732e676f6f676c65617069732e636f6d00120000000a000a00080a0a001d0017001800170000000b000201006a6a000100001500ba"
            + "00".repeat(0xba);

    static ClientHello chrome() {
        byte[] rec = HexFormat.of().parseHex(CHROME);
        // 5-byte record header, 4-byte handshake header
        return ClientHello.parse(rec, 9, rec.length - 9);
    }

    @Test
    void parsesChromeHello() {
        ClientHello ch = chrome();
        assertThat(ch).isNotNull();
        assertThat(ch.legacyVersion()).isEqualTo(0x0303);
        assertThat(ch.sni()).isEqualTo("clientservices.googleapis.com");
        assertThat(ch.alpn()).containsExactly("h2", "http/1.1");
        assertThat(ch.supportedVersions()).containsExactly(0x0a0a, 0x0304, 0x0303);
        assertThat(ch.cipherSuites()).hasSize(16);
        assertThat(ch.extensionTypes()).hasSize(18);
        assertThat(ch.ecPointFormats()).containsExactly(0);
        assertThat(ch.signatureAlgorithms()).startsWith(0x0403, 0x0804);
    }

    @Test
    void fingerprintsMatchTsharkAndFoxIO() {
        ClientHello ch = chrome();
        assertThat(JA3.client(ch)).isEqualTo("771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
                + "65281-51-45-5-17513-13-16-35-27-43-0-18-10-23-11-21,29-23-24,0");
        assertThat(JA4.of(ch, 't')).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
    }

    @Test
    void truncatedHelloIsNull() {
        byte[] rec = HexFormat.of().parseHex(CHROME);
        for (int cut = 0; cut < 200; cut += 7) {
            assertThat(ClientHello.parse(rec, 9, cut)).as("cut %d", cut).isNull();
        }
        assertThat(ClientHello.parse(rec, 9, rec.length - 10)).isNull();
    }
}
