package dev.vigil.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class WarninglistsTest {
    private static Warninglist list(String file) throws Exception {
        return Warninglists.read(MispEventImporterTest.misp().resolve("warninglists").resolve(file));
    }

    @Test
    void everyCorpusListLoadsWithNoRejectedEntry() throws Exception {
        Warninglists all = Warninglists.load(MispEventImporterTest.misp().resolve("warninglists"));
        assertThat(all.lists()).hasSize(8);
        for (Warninglist l : all.lists()) {
            System.out.println(l.type() + " " + l.name() + " rejected=" + l.rejectedEntries());
            assertThat(l.rejectedEntries()).as(l.name()).isZero();
        }
    }

    @Test
    void cidrLists() throws Exception {
        Warninglist rfc1918 = list("rfc1918.json");
        assertThat(rfc1918.matches("10.1.2.3")).isTrue();
        assertThat(rfc1918.matches("172.31.255.255")).isTrue();
        assertThat(rfc1918.matches("172.32.0.0")).isFalse();
        assertThat(rfc1918.matches("192.168.0.0/24")).isTrue();
        assertThat(rfc1918.matches("192.0.0.0/8")).isFalse();
        assertThat(rfc1918.matches("8.8.8.8")).isFalse();
        assertThat(rfc1918.matches("not an ip")).isFalse();
        Warninglist rfc5735 = list("rfc5735.json");
        assertThat(rfc5735.matches("127.0.0.1")).isTrue();
        assertThat(rfc5735.matches("169.254.1.1")).isTrue();
        assertThat(rfc5735.matches("198.51.100.7")).isTrue();
        assertThat(rfc5735.matches("149.13.33.14")).isFalse();
        Warninglist rfc3849 = list("rfc3849.json");
        assertThat(rfc3849.matches("2001:db8::1")).isTrue();
        assertThat(rfc3849.matches("2001:DB8:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF")).isTrue();
        assertThat(rfc3849.matches("2001:db9::1")).isFalse();
        assertThat(rfc3849.matches("10.0.0.1")).isFalse();
    }

    @Test
    void stringHostnameSubstringAndRegexLists() throws Exception {
        Warninglist empty = list("empty-hashes.json");
        assertThat(empty.matches("d41d8cd98f00b204e9800998ecf8427e")).isTrue();
        assertThat(empty.matches("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709")).isTrue();
        assertThat(empty.matches("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).isTrue();
        assertThat(empty.matches("0749bae92ca336a02c83d126e04ec628")).isFalse();
        Warninglist rfc6761 = list("rfc6761.json");
        assertThat(rfc6761.matches("10.in-addr.arpa")).isTrue();
        assertThat(rfc6761.matches("evil.example.com")).isFalse();
        Warninglist mdca = list("microsoft-mdca-proxy.json");
        assertThat(mdca.matches("tenant.admin-mcas-df.ms")).isTrue();
        assertThat(mdca.matches("admin-mcas-df.ms.attacker.example")).isFalse();
        Warninglist sandboxes = list("automated-malware-analysis.json");
        assertThat(sandboxes.matches("https://app.any.run/tasks/123")).isTrue();
        assertThat(sandboxes.matches("https://evil.example/")).isFalse();
        Warninglist contacts = list("common-contact-emails.json");
        assertThat(contacts.matches("ABUSE@example.org")).isTrue();
        assertThat(contacts.matches("attacker@example.org")).isFalse();
    }

    @Test
    void matchingAttributesAndCompositeValues() throws Exception {
        Warninglists w = Warninglists.load(MispEventImporterTest.misp().resolve("warninglists"));
        assertThat(w.match("ip-dst", "10.0.0.1")).isEqualTo("List of RFC 1918 CIDR blocks");
        assertThat(w.match("domain|ip", "evil.example|192.168.1.1")).isEqualTo("List of RFC 1918 CIDR blocks");
        assertThat(w.match("md5", "10.0.0.1")).isNull(); // a cidr list does not apply to md5 attributes
        assertThat(w.match("filename|md5", "empty.txt|d41d8cd98f00b204e9800998ecf8427e")).isEqualTo("List of known hashes for empty files");
        assertThat(w.match("url", "https://x.admin-mcas-df.ms/path")).contains("MDCA");
        assertThat(w.match("ip-dst", "149.13.33.14")).isNull();
    }

    @Test
    void importSkipsWarninglistedValuesWithTheListName() throws Exception {
        Warninglists w = Warninglists.load(MispEventImporterTest.misp().resolve("warninglists"));
        ObjectNode ev = MispEventImporterTest.event();
        var a = ev.withArray("Attribute");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000001").put("type", "ip-dst").put("to_ids", true).put("value", "192.168.10.5");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000002").put("type", "md5").put("to_ids", true).put("value", "d41d8cd98f00b204e9800998ecf8427e");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000003").put("type", "ip-dst").put("to_ids", true).put("value", "149.13.33.14");
        var obj = ev.withArray("Object").addObject().put("name", "domain-ip").put("uuid", "00000000-0000-4000-8000-0000000000a0");
        obj.withArray("Attribute").addObject().put("uuid", "00000000-0000-4000-8000-000000000004").put("type", "domain").put("object_relation", "domain").put("to_ids", true).put("value", "c2.example");
        obj.withArray("Attribute").addObject().put("uuid", "00000000-0000-4000-8000-000000000005").put("type", "ip-dst").put("object_relation", "ip").put("to_ids", true).put("value", "10.9.9.9");
        ImportReport r = new MispEventImporter(MispEventImporter.Options.defaults().withWarninglists(w)).importEvent(ev);
        StixShape.check(r);
        assertThat(r.skipped()).extracting(ImportReport.Skipped::reason).containsExactly(
                "warninglist: List of RFC 1918 CIDR blocks", "warninglist: List of known hashes for empty files", "warninglist: List of RFC 1918 CIDR blocks");
        assertThat(r.ofType("indicator")).extracting(i -> i.get("pattern").asText()).containsExactly(
                "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '149.13.33.14']", "[domain-name:value = 'c2.example']");
    }

    @Test
    void hostileRegexIsBounded() throws Exception {
        ObjectNode doc = MispEventImporterTest.JSON.createObjectNode().put("name", "evil").put("type", "regex").put("description", "d").put("version", 1);
        doc.putArray("list").add("/^(a+)+$/").add("/[unclosed/").add("/x/q");
        Warninglist l = Warninglist.of(doc);
        assertThat(l.rejectedEntries()).isEqualTo(2);
        long t0 = System.nanoTime();
        assertThat(l.matches("a".repeat(40) + "!")).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
        assertThatThrownBy(() -> Warninglist.of(doc.deepCopy().put("type", "bogus"))).isInstanceOf(MispImportException.class);
    }

    @Test
    void largeCidrListLooksUpFast() throws Exception {
        ObjectNode doc = MispEventImporterTest.JSON.createObjectNode().put("name", "big").put("type", "cidr").put("description", "d").put("version", 1);
        var arr = doc.putArray("list");
        for (int i = 0; i < 50_000; i++) arr.add(((i >> 8) & 255) + "." + (i & 255) + ".0.0/24");
        Warninglist l = Warninglist.of(doc);
        assertThat(l.matches("3.7.0.9")).isTrue();
        assertThat(l.matches("3.7.1.9")).isFalse();
        int hits = 0, expected = 0;
        for (int i = 0; i < 200_000; i++) if ((i & 0xffff) < 50_000) expected++;
        long t0 = System.nanoTime();
        for (int i = 0; i < 200_000; i++) if (l.matches(((i >> 8) & 255) + "." + (i & 255) + ".0." + (i & 7))) hits++;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("200k lookups in a 50k-block list: " + ms + " ms");
        assertThat(hits).isEqualTo(expected);
    }
}
