package dev.vigil.detect.ioc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorSetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static IndicatorInfo info(String id) {
        return new IndicatorInfo("indicator--" + id, id, null, 80, List.of(), List.of());
    }

    private static List<String> matches(IndicatorSet set, String record) throws Exception {
        ObservedValues v = new ObservedValues();
        EveValues.fill(JSON.readTree(record), v);
        List<String> out = new ArrayList<>();
        set.match(v, m -> out.add(m.indicator().name() + "/" + m.field() + "=" + m.value()));
        return out;
    }

    @Test
    void addressesBlocksAndBothFamilies() throws Exception {
        IndicatorSet set = new IndicatorSet.Builder()
                .add(info("one"), List.of(List.of(Atom.equal(IndicatorField.IP, "203.0.113.9"))))
                .add(info("block"), List.of(List.of(Atom.equal(IndicatorField.IP, "198.51.100.0/24"))))
                .add(info("v6"), List.of(List.of(Atom.equal(IndicatorField.IP, "2001:db8:0:0::1"))))
                .add(info("v6block"), List.of(List.of(Atom.block(IndicatorField.DST_IP, "2001:db8:ff::/48"))))
                .build();
        assertThat(matches(set, "{\"event_type\":\"flow\",\"src_ip\":\"10.0.0.5\",\"dest_ip\":\"203.0.113.9\"}")).containsExactly("one/IP=203.0.113.9");
        assertThat(matches(set, "{\"src_ip\":\"198.51.100.77\",\"dest_ip\":\"10.0.0.5\"}")).containsExactly("block/IP=198.51.100.77");
        assertThat(matches(set, "{\"src_ip\":\"198.51.101.1\",\"dest_ip\":\"203.0.113.8\"}")).isEmpty();
        // Suricata writes IPv6 fully expanded; the indicator was written compressed
        assertThat(matches(set, "{\"src_ip\":\"2001:0db8:0000:0000:0000:0000:0000:0001\",\"dest_ip\":\"2001:0db8:00ff:0001::2\"}"))
                .containsExactlyInAnyOrder("v6/IP=2001:db8::1", "v6block/DST_IP=2001:db8:ff:1::2");
        // a DST_IP block does not match the source side
        assertThat(matches(set, "{\"src_ip\":\"2001:db8:ff::9\",\"dest_ip\":\"2001:db8:1::9\"}")).isEmpty();
    }

    @Test
    void namesUrlsAndHashes() throws Exception {
        IndicatorSet set = new IndicatorSet.Builder()
                .add(info("exact"), List.of(List.of(Atom.equal(IndicatorField.DOMAIN, "Evil.Example."))))
                .add(info("under"), List.of(List.of(Atom.underDomain("c2.test"))))
                .add(info("url"), List.of(List.of(Atom.equal(IndicatorField.URL, "HTTP://Files.Example.org:80/drop/a.exe"))))
                .add(info("sha"), List.of(List.of(Atom.equal(IndicatorField.SHA256, "AB".repeat(32)))))
                .add(info("ja3"), List.of(List.of(Atom.equal(IndicatorField.JA3, "e7d705a3286e19ea42f587b344ee6865"))))
                .build();
        assertThat(matches(set, "{\"event_type\":\"dns\",\"src_ip\":\"10.0.0.5\",\"dest_ip\":\"10.0.0.1\",\"dns\":{\"version\":3,\"queries\":[{\"rrname\":\"evil.example\",\"rrtype\":\"A\"}]}}"))
                .containsExactly("exact/DOMAIN=evil.example");
        assertThat(matches(set, "{\"event_type\":\"dns\",\"dns\":{\"type\":\"answer\",\"rrname\":\"cdn.example\",\"answers\":[{\"rrname\":\"cdn.example\",\"rrtype\":\"CNAME\",\"rdata\":\"x.y.c2.test\"}]}}"))
                .containsExactly("under/DOMAIN=x.y.c2.test");
        assertThat(matches(set, "{\"tls\":{\"sni\":\"c2.test\",\"ja3\":{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\"}}}"))
                .containsExactlyInAnyOrder("under/DOMAIN=c2.test", "ja3/JA3=e7d705a3286e19ea42f587b344ee6865");
        assertThat(matches(set, "{\"tls\":{\"sni\":\"notc2.test\"}}")).isEmpty();
        assertThat(matches(set, "{\"dest_port\":80,\"http\":{\"hostname\":\"files.example.org\",\"url\":\"/drop/a.exe\"}}"))
                .containsExactly("url/URL=http://files.example.org/drop/a.exe");
        assertThat(matches(set, "{\"dest_port\":80,\"http\":{\"hostname\":\"files.example.org\",\"url\":\"/drop/A.exe\"}}")).isEmpty();
        assertThat(matches(set, "{\"fileinfo\":{\"sha256\":\"" + "ab".repeat(32) + "\"}}")).containsExactly("sha/SHA256=" + "ab".repeat(32));
    }

    @Test
    void aClauseNeedsAllItsAtomsInOneRecordAndAnIndicatorIsReportedOnce() throws Exception {
        IndicatorSet set = new IndicatorSet.Builder()
                .add(info("ipport"), List.of(
                        List.of(Atom.equal(IndicatorField.DST_PORT, "4444"), Atom.equal(IndicatorField.DST_IP, "203.0.113.9")),
                        List.of(Atom.equal(IndicatorField.DST_IP, "203.0.113.0/24"))))
                .add(info("port"), List.of(List.of(Atom.equal(IndicatorField.DST_PORT, "4444"))))
                .build();
        assertThat(matches(set, "{\"src_ip\":\"10.0.0.5\",\"src_port\":50000,\"dest_ip\":\"203.0.113.9\",\"dest_port\":4444}"))
                .containsExactlyInAnyOrder("ipport/DST_IP=203.0.113.9", "port/DST_PORT=4444");
        assertThat(matches(set, "{\"src_ip\":\"10.0.0.5\",\"src_port\":50000,\"dest_ip\":\"192.0.2.1\",\"dest_port\":4444}"))
                .containsExactly("port/DST_PORT=4444");
        assertThat(matches(set, "{\"src_ip\":\"203.0.113.9\",\"src_port\":4444,\"dest_ip\":\"10.0.0.5\",\"dest_port\":50000}")).isEmpty();
    }

    @Test
    void badValuesAreRefusedAndHostnamesAreNeverResolved() {
        assertThatThrownBy(() -> Atom.equal(IndicatorField.IP, "localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Atom.equal(IndicatorField.IP, "10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Atom.equal(IndicatorField.DST_PORT, "70000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndicatorSet.Builder().add(info("x"), List.of(List.of()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMillionAddressesFitAndLookUpFast() throws Exception {
        IndicatorSet.Builder b = new IndicatorSet.Builder();
        for (int i = 0; i < 200_000; i++) {
            b.add(info("n" + i), List.of(List.of(Atom.equal(IndicatorField.IP, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)))));
        }
        IndicatorSet set = b.build();
        assertThat(set.indicatorCount()).isEqualTo(200_000);
        assertThat(matches(set, "{\"src_ip\":\"10.1.2.3\",\"dest_ip\":\"192.0.2.1\"}")).containsExactly("n66051/IP=10.1.2.3");
        assertThat(matches(set, "{\"src_ip\":\"10.9.2.3\",\"dest_ip\":\"192.0.2.1\"}")).isEmpty();
    }
}
