package dev.vigil.applayer.smb;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.util.List;

/**
 * One SMB command, request and response matched by message id, written as Suricata's {@code smb}
 * record; also the context of a {@code fileinfo} record for the READ/WRITE transaction that carried a file.
 * Fields stay null / -1 when the command did not carry them.
 */
final class SmbTransaction implements AppRecord, dev.vigil.applayer.InspectionBuffers {
    final long id;
    final boolean smb1;
    final int command;
    /** Message id (SMB2) or MID (SMB1) the response is matched on. */
    final long messageId;

    int status;
    boolean statusKnown;
    long sessionId;
    long treeId;
    boolean requestDone, responseDone;
    /** The dialect of the session, fixed when the record is emitted. */
    String dialect = "unknown";

    // NEGOTIATE
    List<String> clientDialects;
    String clientGuid, serverGuid;
    long maxReadSize = -1, maxWriteSize = -1;
    // SESSION_SETUP
    SecurityBlob auth;
    String nativeOs, nativeLm;
    // TREE_CONNECT, and the share of a file transaction
    String share;
    int shareType = -1;
    boolean pipe;
    // CREATE
    String filename;
    boolean directory;
    int disposition = -1;
    boolean deleteOnClose;
    /** {@code access} is written without a disposition (SET_INFO marking the file for deletion). */
    boolean accessLogged;
    long created = -1, accessed, modified, changed, size;
    /** File id of CREATE (response), READ, WRITE, CLOSE, IOCTL. */
    byte[] fileId;
    // IOCTL
    int ctlCode = -1;
    // READ / WRITE
    long dataOffset, dataLength;
    /** A READ/WRITE that only feeds a file: logged once per file, not per command. */
    boolean fileData;

    SmbTransaction(long id, boolean smb1, int command, long messageId) {
        this.id = id;
        this.smb1 = smb1;
        this.command = command;
        this.messageId = messageId;
    }

    @Override public String eventType() { return "smb"; }

    @Override public String appProtocol() { return "smb"; }

    /**
     * A tree connect's path, as Suricata offers it: {@code smb.named_pipe} when the server said the share
     * is a pipe (IPC$), else {@code smb.share}. Only the TREE_CONNECT itself: the later commands on that
     * tree carry its share in their records, but a rule on the share alerts once, as in Suricata.
     */
    @Override
    public void buffers(Consumer c) {
        boolean treeConnect = smb1 ? command == 0x75 : command == 3;
        if (treeConnect && share != null) c.buffer(pipe ? "smb.named_pipe" : "smb.share", true, dev.vigil.applayer.InspectionBuffers.bytes(share));
        // Suricata 8's smb.ntlmssp_user and smb.ntlmssp_domain: the names of an NTLMSSP AUTHENTICATE
        if (auth != null && auth.hasNtlm()) {
            if (auth.ntlmUser != null) c.buffer("smb.ntlmssp_user", true, dev.vigil.applayer.InspectionBuffers.bytes(auth.ntlmUser));
            if (auth.ntlmDomain != null) c.buffer("smb.ntlmssp_domain", true, dev.vigil.applayer.InspectionBuffers.bytes(auth.ntlmDomain));
        }
    }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("smb");
        writeBody(g);
        g.writeEndObject();
    }

    void writeBody(JsonGenerator g) throws IOException {
        g.writeNumberField("id", id);
        g.writeStringField("dialect", dialect);
        g.writeStringField("command", smb1 ? SmbNames.smb1Command(command) : SmbNames.smb2Command(command));
        if (statusKnown) {
            g.writeStringField("status", NtStatus.name(status));
            g.writeStringField("status_code", NtStatus.hex(status));
        }
        g.writeNumberField("session_id", sessionId);
        g.writeNumberField("tree_id", treeId);
        if (!requestDone) g.writeBooleanField("request_done", false);
        if (!responseDone) g.writeBooleanField("response_done", false);

        if (filename != null) {
            if (directory) g.writeStringField("directory", filename);
            else g.writeStringField("filename", filename);
        }
        if (disposition >= 0) {
            g.writeStringField("disposition", SmbNames.disposition(disposition));
            g.writeStringField("access", deleteOnClose ? "delete on close" : "normal");
        } else if (accessLogged) {
            g.writeStringField("access", deleteOnClose ? "delete on close" : "normal");
        }
        if (created >= 0) {
            g.writeNumberField("created", created);
            g.writeNumberField("accessed", accessed);
            g.writeNumberField("modified", modified);
            g.writeNumberField("changed", changed);
            g.writeNumberField("size", size);
        }
        if (fileId != null) g.writeStringField("fuid", SmbNames.guid(fileId, 0));
        if (share != null) g.writeStringField(pipe ? "named_pipe" : "share", share);
        if (shareType >= 0) g.writeStringField("share_type", SmbNames.shareType(shareType));
        if (ctlCode != -1) g.writeStringField("function", SmbNames.fsctl(ctlCode));
        if (auth != null) {
            if (auth.hasNtlm()) {
                g.writeObjectFieldStart("ntlmssp");
                if (auth.ntlmDomain != null) g.writeStringField("domain", auth.ntlmDomain);
                if (auth.ntlmUser != null) g.writeStringField("user", auth.ntlmUser);
                if (auth.ntlmHost != null) g.writeStringField("host", auth.ntlmHost);
                g.writeEndObject();
            }
            if (auth.kerberos) {
                g.writeObjectFieldStart("kerberos");
                if (auth.krbRealm != null) g.writeStringField("realm", auth.krbRealm);
                g.writeArrayFieldStart("snames");
                if (auth.krbSnames != null) for (String s : auth.krbSnames) g.writeString(s);
                g.writeEndArray();
                g.writeEndObject();
            }
        }
        if (nativeOs != null || nativeLm != null) {
            g.writeObjectFieldStart("request");
            g.writeStringField("native_os", nativeOs == null ? "" : nativeOs);
            g.writeStringField("native_lm", nativeLm == null ? "" : nativeLm);
            g.writeEndObject();
        }
        if (clientDialects != null) {
            g.writeArrayFieldStart("client_dialects");
            for (String d : clientDialects) g.writeString(d);
            g.writeEndArray();
        }
        if (clientGuid != null) g.writeStringField("client_guid", clientGuid);
        if (serverGuid != null) g.writeStringField("server_guid", serverGuid);
        if (maxReadSize >= 0) g.writeNumberField("max_read_size", maxReadSize);
        if (maxWriteSize >= 0) g.writeNumberField("max_write_size", maxWriteSize);
    }
}
