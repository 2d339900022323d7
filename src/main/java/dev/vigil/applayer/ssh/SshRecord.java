package dev.vigil.applayer.ssh;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;

/**
 * Suricata's {@code ssh} record: {@code tx_id} 0 (one transaction per connection) and
 * {@code ssh.client} / {@code ssh.server}, each present only when that side's identification was seen.
 */
public record SshRecord(SshBanner clientBanner, Hassh clientHassh, SshBanner serverBanner, Hassh serverHassh)
        implements AppRecord {

    @Override public String eventType() { return "ssh"; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", 0);
        g.writeObjectFieldStart("ssh");
        side(g, "client", clientBanner, clientHassh);
        side(g, "server", serverBanner, serverHassh);
        g.writeEndObject();
    }

    private static void side(JsonGenerator g, String name, SshBanner banner, Hassh hassh) throws IOException {
        if (banner == null) return;
        g.writeObjectFieldStart(name);
        g.writeStringField("proto_version", banner.protoVersion());
        g.writeStringField("software_version", banner.softwareVersion());
        if (hassh != null) {
            g.writeObjectFieldStart("hassh");
            g.writeStringField("hash", hassh.hash());
            g.writeStringField("string", hassh.string());
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
