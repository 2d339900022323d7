package dev.vigil.deception.decoy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class InteractionTest {
    @Test
    void addressesAreWrittenAsTheEveSchemaWantsThem() throws Exception {
        assertThat(Interaction.address(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 1))).isEqualTo("192.0.2.7");
        assertThat(Interaction.address(new InetSocketAddress(InetAddress.getByName("::1"), 1))).isEqualTo("0000:0000:0000:0000:0000:0000:0000:0001");
        assertThat(Interaction.address(new InetSocketAddress(InetAddress.getByName("2001:DB8::a:B%1"), 1)))
                .isEqualTo("2001:0db8:0000:0000:0000:0000:000a:000b");
        assertThat(Interaction.address(InetSocketAddress.createUnresolved("decoy.example", 1))).isNull();
        assertThat(Interaction.port(new InetSocketAddress(InetAddress.getByName("::1"), 2222))).isEqualTo(2222);
    }
}
