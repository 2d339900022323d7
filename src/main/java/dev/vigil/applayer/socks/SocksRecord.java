package dev.vigil.applayer.socks;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;

/**
 * One SOCKS request and the proxy's answer, in the fields of Zeek's socks.log: where the client asked
 * to go ({@code request}: an address as {@code host} or a name as {@code name}, and the port), who it
 * said it was, and what the proxy answered ({@code status}, the {@code bound} address). A request the
 * proxy never answered has no status.
 */
record SocksRecord(int version, String command, String authMethod, String user, String password,
        Endpoint request, String status, Endpoint bound) implements AppRecord {

    /** An address ({@code host}) or a host name ({@code name}), and a port; -1: not sent. */
    record Endpoint(String host, String name, int port) {}

    @Override public String eventType() { return "socks"; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", 0);
        g.writeObjectFieldStart("socks");
        g.writeNumberField("version", version);
        if (command != null) g.writeStringField("command", command);
        if (authMethod != null) g.writeStringField("auth_method", authMethod);
        if (user != null) g.writeStringField("user", user);
        if (password != null) g.writeStringField("password", password);
        write(g, "request", request);
        if (status != null) g.writeStringField("status", status);
        write(g, "bound", bound);
        g.writeEndObject();
    }

    private static void write(JsonGenerator g, String field, Endpoint e) throws IOException {
        if (e == null) return;
        g.writeObjectFieldStart(field);
        if (e.host() != null) g.writeStringField("host", e.host());
        if (e.name() != null) g.writeStringField("name", e.name());
        if (e.port() >= 0) g.writeNumberField("port", e.port());
        g.writeEndObject();
    }
}
