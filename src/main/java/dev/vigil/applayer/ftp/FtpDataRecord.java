package dev.vigil.applayer.ftp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;

/**
 * Suricata's {@code ftp_data} record, one per data connection: the file name and the command of the
 * control connection that opened it. Suricata names only RETR and STOR; Vigil also links listings
 * (LIST, NLST, MLSD) and APPE/STOU uploads and names their command the same way.
 */
public record FtpDataRecord(String fileName, String command) implements AppRecord {

    @Override public String eventType() { return "ftp_data"; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", 0);
        writeContext(g);
    }

    /** The {@code ftp_data} object alone. */
    public void writeContext(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("ftp_data");
        if (fileName != null) g.writeStringField("filename", fileName);
        if (command != null) g.writeStringField("command", command);
        g.writeEndObject();
    }
}
