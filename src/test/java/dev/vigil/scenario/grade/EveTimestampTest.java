package dev.vigil.scenario.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EveTimestampTest {
    @Test
    void suricataForm() {
        assertThat(EveTimestamp.parse("2026-03-02T10:15:00.123456+0000")).isEqualTo(Instant.parse("2026-03-02T10:15:00.123456Z"));
        assertThat(EveTimestamp.parse("2026-03-02T10:15:00.123456+0100")).isEqualTo(Instant.parse("2026-03-02T09:15:00.123456Z"));
    }

    @Test
    void isoForms() {
        assertThat(EveTimestamp.parse("2026-03-02T10:15:00Z")).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
        assertThat(EveTimestamp.parse("2026-03-02T10:15:00.5Z")).isEqualTo(Instant.parse("2026-03-02T10:15:00.500Z"));
        assertThat(EveTimestamp.parse("2026-03-02T10:15:00.123456789Z")).isEqualTo(Instant.parse("2026-03-02T10:15:00.123456789Z"));
        assertThat(EveTimestamp.parse("2026-03-02T12:15:00+02:00")).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
    }

    @Test
    void rejectsWhatIsNotATimestamp() {
        // without an offset the time could be anyone's local time
        assertThatThrownBy(() -> EveTimestamp.parse("2026-03-02T10:15:00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EveTimestamp.parse("1772446500")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EveTimestamp.parse("2026-03-02 10:15:00Z")).isInstanceOf(IllegalArgumentException.class);
    }
}
