package dev.vigil.scenario.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressBlockTest {
    @Test
    void singleAddresses() {
        AddressBlock a = AddressBlock.parse("10.0.5.20");
        assertThat(a.contains("10.0.5.20")).isTrue();
        assertThat(a.contains("10.0.5.21")).isFalse();
        assertThat(a.contains(null)).isFalse();
        assertThat(a.contains("not-an-address")).isFalse();
        assertThat(AddressBlock.parse("2001:db8::1").contains("2001:0db8:0000:0000:0000:0000:0000:0001")).isTrue();
    }

    @Test
    void cidrBlocks() {
        AddressBlock b = AddressBlock.parse("10.0.1.0/24");
        assertThat(b.contains("10.0.1.0")).isTrue();
        assertThat(b.contains("10.0.1.255")).isTrue();
        assertThat(b.contains("10.0.2.0")).isFalse();
        // host bits in the key's text are ignored
        assertThat(AddressBlock.parse("10.0.1.77/24").contains("10.0.1.3")).isTrue();
        AddressBlock odd = AddressBlock.parse("192.168.0.64/26");
        assertThat(odd.contains("192.168.0.127")).isTrue();
        assertThat(odd.contains("192.168.0.128")).isFalse();
        assertThat(odd.contains("192.168.0.63")).isFalse();
        assertThat(AddressBlock.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(AddressBlock.parse("0.0.0.0/0").contains("2001:db8::1")).as("families differ").isFalse();
        AddressBlock v6 = AddressBlock.parse("2001:db8:2::/48");
        assertThat(v6.contains("2001:0db8:0002:ffff:0000:0000:0000:0001")).isTrue();
        assertThat(v6.contains("2001:db8:3::1")).isFalse();
    }

    @Test
    void rejectsBadText() {
        assertThatThrownBy(() -> AddressBlock.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressBlock.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressBlock.parse("host.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
