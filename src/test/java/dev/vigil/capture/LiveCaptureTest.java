package dev.vigil.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LiveCaptureTest {
    @Test
    void libpcapIsFoundAndAMissingInterfaceIsNamed() {
        // .ci/run installs libpcap0.8; without it every live test would say so here first
        assertThat(LiveCapture.libraryVersion()).startsWith("libpcap version");
        assertThatThrownBy(() -> LiveCapture.open("vgl-none0", LiveCapture.Options.DEFAULT, 0))
                .isInstanceOf(CaptureException.class)
                .hasMessageStartingWith("vgl-none0: ")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("no such interface", "no permission to capture"));
    }

    @Test
    void aFilterThatDoesNotCompileIsNamedOnLoopback() throws Exception {
        LiveCapture.Options bad = new LiveCapture.Options(65535, 1 << 20, 100, false, false, "port http-ish and");
        try {
            LiveCapture.open("lo", bad, 0).close();
            throw new AssertionError("a broken filter was accepted");
        } catch (CaptureException e) {
            // without capture rights the open fails before the filter; as root (CI) it is the filter that fails
            assertThat(e.getMessage()).containsAnyOf("BPF filter \"port http-ish and\"", "no permission to capture");
        }
    }
}
