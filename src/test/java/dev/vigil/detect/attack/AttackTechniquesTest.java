package dev.vigil.detect.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testing.AttackBundle;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every technique Vigil's detectors claim is a live ATT&CK technique, named as the ATT&CK bundle in the corpus names it. */
class AttackTechniquesTest {
    @Test
    void idsAndNamesAreAttacksOwn() throws Exception {
        Map<String, String> attack = AttackBundle.techniqueNames();
        assertThat(attack).hasSizeGreaterThan(500);
        assertThat(AttackTechniques.all()).isNotEmpty();
        AttackTechniques.all().forEach((id, name) -> assertThat(attack).as(id).containsEntry(id, name));
    }

    @Test
    void anUnknownIdIsAnError() {
        assertThatThrownBy(() -> AttackTechniques.name("T9999")).isInstanceOf(IllegalArgumentException.class);
    }
}
