package dev.vigil.applayer.ssh;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.InspectionBuffers;
import java.io.IOException;

/**
 * Suricata's {@code ssh} record: {@code tx_id} 0 (one transaction per connection) and
 * {@code ssh.client} / {@code ssh.server}, each present only when that side's identification was seen.
 */
public record SshRecord(SshBanner clientBanner, Hassh clientHassh, SshBanner serverBanner, Hassh serverHassh)
        implements AppRecord, InspectionBuffers {

    @Override public String eventType() { return "ssh"; }

    @Override public String appProtocol() { return "ssh"; }

    /** Each side's identification ({@code ssh.proto}, {@code ssh.software}) and HASSH, in its direction. */
    @Override
    public void buffers(Consumer c) {
        if (clientBanner != null) {
            c.buffer("ssh.proto", true, InspectionBuffers.bytes(clientBanner.protoVersion()));
            c.buffer("ssh.software", true, InspectionBuffers.bytes(clientBanner.softwareVersion()));
        }
        if (serverBanner != null) {
            c.buffer("ssh.proto", false, InspectionBuffers.bytes(serverBanner.protoVersion()));
            c.buffer("ssh.software", false, InspectionBuffers.bytes(serverBanner.softwareVersion()));
        }
        if (clientHassh != null) {
            c.buffer("ssh.hassh", true, InspectionBuffers.bytes(clientHassh.hash()));
            c.buffer("ssh.hassh.string", true, InspectionBuffers.bytes(clientHassh.string()));
        }
        if (serverHassh != null) {
            c.buffer("ssh.hassh.server", false, InspectionBuffers.bytes(serverHassh.hash()));
            c.buffer("ssh.hassh.server.string", false, InspectionBuffers.bytes(serverHassh.string()));
        }
    }

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
