package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Numbers read from bytes as the byte keywords read them. */
class NumberReaderTest {
    private final NumberReader r = new NumberReader();

    private int text(String s, int base) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return r.text(b, 0, b.length, base);
    }

    @Test
    void binaryBigAndLittleEndian() {
        byte[] b = {0x01, 0x02, 0x03, (byte) 0xff};
        assertThat(r.binary(b, 0, 4, false)).isEqualTo(4);
        assertThat(r.value).isEqualTo(0x010203ffL);
        r.binary(b, 1, 3, true);
        assertThat(r.value).isEqualTo(0xff0302L);
    }

    @Test
    void textAsStrtoullReadsIt() {
        assertThat(text("  +12x", 10)).isEqualTo(5);
        assertThat(r.value).isEqualTo(12);
        assertThat(text("0x1F", 0)).isEqualTo(4);
        assertThat(r.value).isEqualTo(31);
        assertThat(text("0x1F", 16)).isEqualTo(4);
        assertThat(text("1F", 16)).isEqualTo(2);
        assertThat(r.value).isEqualTo(31);
        assertThat(text("017", 0)).isEqualTo(3);
        assertThat(r.value).isEqualTo(15);
        assertThat(text("19", 8)).isEqualTo(1);
        assertThat(r.value).isEqualTo(1);
        assertThat(text("0xg", 16)).as("a 0x without hex digits is the number 0").isEqualTo(1);
        assertThat(r.value).isZero();
        assertThat(text("18446744073709551615", 10)).isEqualTo(20);
        assertThat(r.value).isEqualTo(-1L);
        assertThat(text("-1", 10)).isEqualTo(2);
        assertThat(r.value).isEqualTo(-1L);
        assertThat(text("18446744073709551616", 10)).as("overflow").isEqualTo(-1);
        assertThat(text("x", 10)).isEqualTo(-1);
        assertThat(text("", 10)).isEqualTo(-1);
        assertThat(text(" - ", 10)).isEqualTo(-1);
    }
}
