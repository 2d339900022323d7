package dev.vigil.applayer.ftp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.util.List;

/**
 * Suricata's {@code ftp} record, one per command (and one for the greeting, which has no command):
 * the command and its argument, every reply line's code and text, the data port a PORT/PASV/EPRT/EPSV
 * set up, and whether a reply came at all.
 */
public record FtpRecord(long txId, String command, String commandData, boolean commandTruncated, List<String> completionCodes,
                        List<String> replies, boolean replyTruncated, Integer dynamicPort, Boolean passive, boolean replyReceived)
        implements AppRecord, dev.vigil.applayer.InspectionBuffers {

    @Override public String eventType() { return "ftp"; }

    @Override public String appProtocol() { return "ftp"; }

    /** Suricata 8's ftp.command and ftp.command_data: the command as sent and its argument (USER's name, PASS's password). */
    @Override
    public void buffers(Consumer c) {
        if (command == null) return;
        c.buffer("ftp.command", true, dev.vigil.applayer.InspectionBuffers.bytes(command));
        if (commandData != null) c.buffer("ftp.command_data", true, dev.vigil.applayer.InspectionBuffers.bytes(commandData));
    }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", txId);
        g.writeObjectFieldStart("ftp");
        if (command != null) g.writeStringField("command", command);
        if (commandData != null) g.writeStringField("command_data", commandData);
        if (!completionCodes.isEmpty()) {
            g.writeArrayFieldStart("completion_code");
            for (String c : completionCodes) g.writeString(c);
            g.writeEndArray();
        }
        if (!replies.isEmpty()) {
            g.writeArrayFieldStart("reply");
            for (String r : replies) g.writeString(r);
            g.writeEndArray();
        }
        if (dynamicPort != null) {
            g.writeNumberField("dynamic_port", dynamicPort);
            g.writeStringField("mode", passive ? "passive" : "active");
        }
        g.writeStringField("reply_received", replyReceived ? "yes" : "no");
        g.writeBooleanField("command_truncated", commandTruncated);
        g.writeBooleanField("reply_truncated", replyTruncated);
        g.writeEndObject();
    }
}
