package dev.vigil.intel.tlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharingPolicyTest {
    static final String POLICY = """
            organisation: acme
            default_level: green
            partners:
              - id: acme-soc
                organisation: acme
                community: true
                max_level: amber+strict
              - id: peer-bank
                organisation: bank
                community: true
                max_level: amber
              - id: sector-isac
                community: true
              - id: vendor
                organisation: vendor-inc
            """;

    static SharingPolicy policy() throws PolicyException {
        return SharingPolicy.parse(POLICY, true);
    }

    @Test
    void levelsPerPartnerFollowTheTlpRules() throws Exception {
        SharingPolicy p = policy();
        String[] partners = {"acme-soc", "peer-bank", "sector-isac", "vendor", "never-heard-of"};
        TlpLevel[] highest = {TlpLevel.AMBER_STRICT, TlpLevel.AMBER, TlpLevel.GREEN, TlpLevel.CLEAR, TlpLevel.CLEAR};
        for (int i = 0; i < partners.length; i++) {
            assertThat(p.highestFor(partners[i])).as(partners[i]).isEqualTo(highest[i]);
            for (TlpLevel l : TlpLevel.values()) {
                boolean expected = l != TlpLevel.RED && l.compareTo(highest[i]) <= 0;
                assertThat(p.mayReceive(partners[i], l)).as(partners[i] + " " + l).isEqualTo(expected);
            }
        }
        assertThat(p.defaultLevel()).isEqualTo(TlpLevel.GREEN);
        assertThat(p.unknownMarkings()).isEqualTo(SharingPolicy.UnknownMarkings.WITHHOLD);
        assertThat(p.inboundDefaultLevel()).isEmpty();
    }

    @Test
    void redCannotBeGrantedAndAmberStrictStaysInTheOrganisation() {
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\npartners:\n  - id: x\n    organisation: a\n    max_level: red\n", true))
                .isInstanceOf(PolicyException.class).hasMessageContaining("RED never leaves");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\npartners:\n  - id: x\n    organisation: b\n    max_level: amber+strict\n", true))
                .hasMessageContaining("outside organisation");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\npartners:\n  - id: x\n    max_level: tlp:amber+strict\n", true))
                .hasMessageContaining("outside organisation");
    }

    @Test
    void typosAndBadValuesAreRefused() {
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\npartner: []\n", true)).hasMessageContaining("unknown key 'partner'");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\npartners:\n  - id: x\n    comunity: true\n", true)).hasMessageContaining("comunity");
        assertThatThrownBy(() -> SharingPolicy.parse("default_level: green\n", true)).hasMessageContaining("organisation is required");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\ndefault_level: orange\n", true)).hasMessageContaining("orange");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\nunknown_markings: maybe\n", true)).hasMessageContaining("maybe");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\npartners:\n  - id: x\n  - id: x\n", true)).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\npartners:\n  - id: x\n    community: yes please\n", true)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> SharingPolicy.parse("{\"organisation\":\"a\",\"organisation\":\"b\"}", false)).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> SharingPolicy.parse("organisation: a\nnon_restricting_markings: [marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed]\n", true))
                .hasMessageContaining("always restricts");
    }

    @Test
    void jsonAndYamlFilesLoad(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("policy.json");
        Files.writeString(json, """
                {"organisation":"acme","unknown_markings":"red","inbound_default_level":"TLP:AMBER",
                 "partners":[{"id":"p","community":true}]}""");
        SharingPolicy p = SharingPolicy.load(json);
        assertThat(p.unknownMarkings()).isEqualTo(SharingPolicy.UnknownMarkings.AS_LEVEL);
        assertThat(p.unknownAsLevel()).contains(TlpLevel.RED);
        assertThat(p.inboundDefaultLevel()).contains(TlpLevel.AMBER);
        assertThat(p.defaultLevel()).isEqualTo(TlpLevel.AMBER);
        assertThat(p.highestFor("p")).isEqualTo(TlpLevel.GREEN);
        Path yaml = dir.resolve("policy.yaml");
        Files.writeString(yaml, POLICY);
        assertThat(SharingPolicy.load(yaml).highestFor("acme-soc")).isEqualTo(TlpLevel.AMBER_STRICT);
    }
}
