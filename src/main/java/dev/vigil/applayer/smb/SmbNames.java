package dev.vigil.applayer.smb;

/** Suricata's names for SMB commands, dialects, dispositions, share types and FSCTL codes. */
public final class SmbNames {
    private SmbNames() {}

    private static final String[] SMB2_COMMANDS = {
        "SMB2_COMMAND_NEGOTIATE_PROTOCOL", "SMB2_COMMAND_SESSION_SETUP", "SMB2_COMMAND_SESSION_LOGOFF",
        "SMB2_COMMAND_TREE_CONNECT", "SMB2_COMMAND_TREE_DISCONNECT", "SMB2_COMMAND_CREATE", "SMB2_COMMAND_CLOSE",
        "SMB2_COMMAND_FLUSH", "SMB2_COMMAND_READ", "SMB2_COMMAND_WRITE", "SMB2_COMMAND_LOCK", "SMB2_COMMAND_IOCTL",
        "SMB2_COMMAND_CANCEL", "SMB2_COMMAND_KEEPALIVE", "SMB2_COMMAND_FIND", "SMB2_COMMAND_CHANGE_NOTIFY",
        "SMB2_COMMAND_GET_INFO", "SMB2_COMMAND_SET_INFO", "SMB2_COMMAND_OPLOCK_BREAK"
    };

    public static String smb2Command(int cmd) {
        return cmd >= 0 && cmd < SMB2_COMMANDS.length ? SMB2_COMMANDS[cmd] : "SMB2_COMMAND_UNKNOWN";
    }

    public static String smb1Command(int cmd) {
        return switch (cmd) {
            case 0x04 -> "SMB1_COMMAND_CLOSE";
            case 0x06 -> "SMB1_COMMAND_DELETE";
            case 0x07 -> "SMB1_COMMAND_RENAME";
            case 0x24 -> "SMB1_COMMAND_LOCKING_ANDX";
            case 0x25 -> "SMB1_COMMAND_TRANS";
            case 0x2b -> "SMB1_COMMAND_ECHO";
            case 0x2d -> "SMB1_COMMAND_OPEN_ANDX";
            case 0x2e -> "SMB1_COMMAND_READ_ANDX";
            case 0x2f -> "SMB1_COMMAND_WRITE_ANDX";
            case 0x32 -> "SMB1_COMMAND_TRANS2";
            case 0x34 -> "SMB1_COMMAND_FIND_CLOSE2";
            case 0x71 -> "SMB1_COMMAND_TREE_DISCONNECT";
            case 0x72 -> "SMB1_COMMAND_NEGOTIATE_PROTOCOL";
            case 0x73 -> "SMB1_COMMAND_SESSION_SETUP_ANDX";
            case 0x74 -> "SMB1_COMMAND_LOGOFF_ANDX";
            case 0x75 -> "SMB1_COMMAND_TREE_CONNECT_ANDX";
            case 0xa0 -> "SMB1_COMMAND_NT_TRANS";
            case 0xa2 -> "SMB1_COMMAND_NT_CREATE_ANDX";
            case 0xa4 -> "SMB1_COMMAND_NT_CANCEL";
            default -> "SMB1_COMMAND_UNKNOWN";
        };
    }

    /** SMB2 dialect revision as Suricata writes it: "2.02", "2.10", "3.00", "3.02", "3.11". */
    public static String smb2Dialect(int d) {
        return switch (d) {
            case 0x0202 -> "2.02";
            case 0x0210 -> "2.10";
            case 0x0222 -> "2.22";
            case 0x0224 -> "2.24";
            case 0x02ff -> "2.??";
            case 0x0300 -> "3.00";
            case 0x0302 -> "3.02";
            case 0x0310 -> "3.10";
            case 0x0311 -> "3.11";
            default -> String.format("0x%x", d);
        };
    }

    public static String disposition(int d) {
        return switch (d) {
            case 0 -> "FILE_SUPERSEDE";
            case 1 -> "FILE_OPEN";
            case 2 -> "FILE_CREATE";
            case 3 -> "FILE_OPEN_IF";
            case 4 -> "FILE_OVERWRITE";
            case 5 -> "FILE_OVERWRITE_IF";
            default -> "UNKNOWN";
        };
    }

    public static String shareType(int t) {
        return switch (t) {
            case 1 -> "FILE";
            case 2 -> "PIPE";
            case 3 -> "PRINT";
            default -> "UNKNOWN";
        };
    }

    public static String fsctl(int code) {
        return switch (code) {
            case 0x00060194 -> "FSCTL_DFS_GET_REFERRALS";
            case 0x000601B0 -> "FSCTL_DFS_GET_REFERRALS_EX";
            case 0x0011400C -> "FSCTL_PIPE_PEEK";
            case 0x00110018 -> "FSCTL_PIPE_WAIT";
            case 0x0011C017 -> "FSCTL_PIPE_TRANSCEIVE";
            case 0x001440F2 -> "FSCTL_SRV_COPYCHUNK";
            case 0x001480F2 -> "FSCTL_SRV_COPYCHUNK_WRITE";
            case 0x00144064 -> "FSCTL_SRV_ENUMERATE_SNAPSHOTS";
            case 0x00140078 -> "FSCTL_SRV_REQUEST_RESUME_KEY";
            case 0x001441BB -> "FSCTL_SRV_READ_HASH";
            case 0x001401D4 -> "FSCTL_LMR_REQUEST_RESILIENCY";
            case 0x001401FC -> "FSCTL_QUERY_NETWORK_INTERFACE_INFO";
            case 0x00140204 -> "FSCTL_VALIDATE_NEGOTIATE_INFO";
            case 0x000900A4 -> "FSCTL_SET_REPARSE_POINT";
            case 0x000900A8 -> "FSCTL_GET_REPARSE_POINT";
            case 0x000900C0 -> "FSCTL_CREATE_OR_GET_OBJECT_ID";
            case 0x00098208 -> "FSCTL_FILE_LEVEL_TRIM";
            default -> String.format("0x%08x", code);
        };
    }

    /**
     * A 16-byte SMB2 file id or GUID as Suricata writes {@code fuid}/{@code server_guid}: the first three
     * groups and the fourth little-endian, the last six bytes in order.
     */
    public static String guid(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(36);
        hex(sb, b, off + 3, off + 2, off + 1, off);
        sb.append('-');
        hex(sb, b, off + 5, off + 4);
        sb.append('-');
        hex(sb, b, off + 7, off + 6);
        sb.append('-');
        hex(sb, b, off + 9, off + 8);
        sb.append('-');
        hex(sb, b, off + 10, off + 11, off + 12, off + 13, off + 14, off + 15);
        return sb.toString();
    }

    private static void hex(StringBuilder sb, byte[] b, int... idx) {
        for (int i : idx) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
    }
}
