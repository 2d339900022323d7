package dev.vigil.applayer.smb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vigil.testing.Corpus;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every smb record (and the smb context of fileinfo records) of several captures validates against smb.schema.json. */
class SmbSchemaTest {
    static JsonSchema schema() throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = SmbSchemaTest.class.getResourceAsStream("/eve-schema/smb.schema.json")) {
            assertThat(in).isNotNull();
            return factory.getSchema(in, config);
        }
    }

    @Test
    void schemaIsValidDraft202012() throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchema meta = factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (InputStream in = SmbSchemaTest.class.getResourceAsStream("/eve-schema/smb.schema.json")) {
            assertThat(meta.validate(SmbTestSupport.JSON.readTree(in))).isEmpty();
        }
    }

    @Test
    void recordsValidate() throws Exception {
        JsonSchema schema = schema();
        int n = 0;
        for (String f : List.of("smb/sv-20171220_smb_psexec_add_user.pcap", "smb/zeek-smb2_krb.pcap",
                "smb/zeek-smb3.pcap", "smb/zeek-smb1.pcap", "smb/arkime-wireshark-smb-on-windows10.pcap",
                "smb/zeek-raw_ntlm_in_smb.pcap", "smb/ndpi-smbv1.pcap", "realistic/sv-smb2-peter.pcap")) {
            for (JsonNode rec : SmbTestSupport.parseAll(Corpus.file(f)).records) {
                JsonNode smbRecord = rec;
                if (rec.path("event_type").asText().equals("fileinfo")) {
                    smbRecord = SmbTestSupport.JSON.createObjectNode().put("event_type", "smb").set("smb", rec.get("smb"));
                }
                assertThat(schema.validate(smbRecord)).as(f + ": " + rec).isEmpty();
                n++;
            }
        }
        assertThat(n).isGreaterThan(300);
    }

    @Test
    void schemaRejectsWhatTheContractForbids() throws Exception {
        JsonSchema schema = schema();
        JsonNode bad = SmbTestSupport.JSON.readTree("""
                {"event_type":"smb","smb":{"id":1,"dialect":"2.10","command":"SMB2_COMMAND_CREATE","session_id":1,
                 "tree_id":1,"fuid":"not-a-guid","extra":1}}""");
        assertThat(schema.validate(bad)).hasSizeGreaterThanOrEqualTo(2);
    }
}
