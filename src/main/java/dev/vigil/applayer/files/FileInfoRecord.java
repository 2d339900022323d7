package dev.vigil.applayer.files;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.FieldWriter;
import java.io.IOException;

/**
 * Suricata's {@code fileinfo} record: the protocol's own context (e.g. the {@code http} object of
 * the transaction that carried the file), then {@code app_proto} and {@code fileinfo}.
 */
public final class FileInfoRecord implements AppRecord {
    private final ObservedFile file;
    private final String appProto;
    private final long txId;
    private final FieldWriter context;
    private final boolean fromServer;

    /**
     * @param context writes the carrying transaction's fields (may be null)
     * @param fromServer true when the file went from the server to the client (a download)
     */
    public FileInfoRecord(ObservedFile file, String appProto, long txId, FieldWriter context, boolean fromServer) {
        this.file = file;
        this.appProto = appProto;
        this.txId = txId;
        this.context = context;
        this.fromServer = fromServer;
    }

    @Override public String eventType() { return "fileinfo"; }

    @Override public boolean fromServer() { return fromServer; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        if (context != null) context.write(g);
        g.writeStringField("app_proto", appProto);
        g.writeObjectFieldStart("fileinfo");
        g.writeStringField("filename", file.name());
        if (file.magic() != null) g.writeStringField("magic", file.magic());
        g.writeBooleanField("gaps", file.gaps());
        g.writeStringField("state", file.state().name());
        if (file.md5() != null) {
            g.writeStringField("md5", file.md5());
            g.writeStringField("sha1", file.sha1());
            g.writeStringField("sha256", file.sha256());
        }
        g.writeBooleanField("stored", false);
        g.writeNumberField("size", file.size());
        g.writeNumberField("tx_id", txId);
        g.writeEndObject();
    }
}
