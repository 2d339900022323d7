package dev.vigil.detect.behavior.event;

/**
 * One SMB command: a session setup (with the NTLMSSP {@code user}/{@code domain}/{@code host} when
 * visible), a tree connect ({@code share}), a create/read/write of {@code filename} on {@code share}.
 * {@code status} is the NT status name ("STATUS_SUCCESS", "STATUS_LOGON_FAILURE", ...) or null.
 *
 * @param command the command without prefix: "NEGOTIATE_PROTOCOL", "SESSION_SETUP", "TREE_CONNECT", "CREATE", "READ", "WRITE", "IOCTL", ...
 * @param disposition for a create: "FILE_OPEN", "FILE_CREATE", "FILE_OVERWRITE_IF", ..., else null
 */
public record SmbAccess(long tsNanos, String src, int srcPort, String dst, int dstPort, String command, String status,
                        String share, String filename, String disposition, String user, String domain, String host)
        implements NetworkEvent {
    /** True when the create or tree connect names a named pipe ({@code IPC$} or a {@code \PIPE\} path). */
    public boolean namedPipe() {
        return (share != null && share.toUpperCase(java.util.Locale.ROOT).endsWith("IPC$"));
    }
}
