package dev.vigil.applayer.smb;

import java.util.HashMap;
import java.util.Map;

/** NTSTATUS codes by Suricata's names ({@code smb.status}); an unknown code is written as its hex value. */
public final class NtStatus {
    private NtStatus() {}

    public static final int SUCCESS = 0x00000000;
    public static final int PENDING = 0x00000103;
    public static final int BUFFER_OVERFLOW = 0x80000005;
    public static final int MORE_PROCESSING_REQUIRED = 0xC0000016;

    private static final Map<Integer, String> NAMES = new HashMap<>();

    private static void n(int code, String name) { NAMES.put(code, name); }

    static {
        n(0x00000000, "STATUS_SUCCESS");
        n(0x00000103, "STATUS_PENDING");
        n(0x00000104, "STATUS_REPARSE");
        n(0x0000010B, "STATUS_NOTIFY_CLEANUP");
        n(0x0000010C, "STATUS_NOTIFY_ENUM_DIR");
        n(0x80000005, "STATUS_BUFFER_OVERFLOW");
        n(0x80000006, "STATUS_NO_MORE_FILES");
        n(0x8000001A, "STATUS_NO_MORE_ENTRIES");
        n(0xC0000001, "STATUS_UNSUCCESSFUL");
        n(0xC0000002, "STATUS_NOT_IMPLEMENTED");
        n(0xC0000003, "STATUS_INVALID_INFO_CLASS");
        n(0xC0000004, "STATUS_INFO_LENGTH_MISMATCH");
        n(0xC0000005, "STATUS_ACCESS_VIOLATION");
        n(0xC0000008, "STATUS_INVALID_HANDLE");
        n(0xC000000D, "STATUS_INVALID_PARAMETER");
        n(0xC000000E, "STATUS_NO_SUCH_DEVICE");
        n(0xC000000F, "STATUS_NO_SUCH_FILE");
        n(0xC0000010, "STATUS_INVALID_DEVICE_REQUEST");
        n(0xC0000011, "STATUS_END_OF_FILE");
        n(0xC0000016, "STATUS_MORE_PROCESSING_REQUIRED");
        n(0xC0000017, "STATUS_NO_MEMORY");
        n(0xC0000022, "STATUS_ACCESS_DENIED");
        n(0xC0000023, "STATUS_BUFFER_TOO_SMALL");
        n(0xC0000024, "STATUS_OBJECT_TYPE_MISMATCH");
        n(0xC0000033, "STATUS_OBJECT_NAME_INVALID");
        n(0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND");
        n(0xC0000035, "STATUS_OBJECT_NAME_COLLISION");
        n(0xC0000039, "STATUS_OBJECT_PATH_INVALID");
        n(0xC000003A, "STATUS_OBJECT_PATH_NOT_FOUND");
        n(0xC000003B, "STATUS_OBJECT_PATH_SYNTAX_BAD");
        n(0xC0000043, "STATUS_SHARING_VIOLATION");
        n(0xC0000044, "STATUS_QUOTA_EXCEEDED");
        n(0xC0000054, "STATUS_FILE_LOCK_CONFLICT");
        n(0xC0000055, "STATUS_LOCK_NOT_GRANTED");
        n(0xC0000056, "STATUS_DELETE_PENDING");
        n(0xC000005F, "STATUS_NO_SUCH_LOGON_SESSION");
        n(0xC0000061, "STATUS_PRIVILEGE_NOT_HELD");
        n(0xC0000062, "STATUS_INVALID_ACCOUNT_NAME");
        n(0xC0000064, "STATUS_NO_SUCH_USER");
        n(0xC000006A, "STATUS_WRONG_PASSWORD");
        n(0xC000006D, "STATUS_LOGON_FAILURE");
        n(0xC000006E, "STATUS_ACCOUNT_RESTRICTION");
        n(0xC000006F, "STATUS_INVALID_LOGON_HOURS");
        n(0xC0000070, "STATUS_INVALID_WORKSTATION");
        n(0xC0000071, "STATUS_PASSWORD_EXPIRED");
        n(0xC0000072, "STATUS_ACCOUNT_DISABLED");
        n(0xC000007F, "STATUS_DISK_FULL");
        n(0xC000009A, "STATUS_INSUFFICIENT_RESOURCES");
        n(0xC00000A2, "STATUS_MEDIA_WRITE_PROTECTED");
        n(0xC00000AC, "STATUS_PIPE_NOT_AVAILABLE");
        n(0xC00000AD, "STATUS_INVALID_PIPE_STATE");
        n(0xC00000AE, "STATUS_PIPE_BUSY");
        n(0xC00000B0, "STATUS_PIPE_DISCONNECTED");
        n(0xC00000B1, "STATUS_PIPE_CLOSING");
        n(0xC00000B5, "STATUS_IO_TIMEOUT");
        n(0xC00000BA, "STATUS_FILE_IS_A_DIRECTORY");
        n(0xC00000BB, "STATUS_NOT_SUPPORTED");
        n(0xC00000C9, "STATUS_NETWORK_NAME_DELETED");
        n(0xC00000CC, "STATUS_BAD_NETWORK_NAME");
        n(0xC00000D0, "STATUS_REQUEST_NOT_ACCEPTED");
        n(0xC00000E5, "STATUS_INTERNAL_ERROR");
        n(0xC0000101, "STATUS_DIRECTORY_NOT_EMPTY");
        n(0xC0000103, "STATUS_NOT_A_DIRECTORY");
        n(0xC0000120, "STATUS_CANCELLED");
        n(0xC0000128, "STATUS_FILE_CLOSED");
        n(0xC000014B, "STATUS_PIPE_BROKEN");
        n(0xC0000184, "STATUS_INVALID_DEVICE_STATE");
        n(0xC0000190, "STATUS_TRUST_FAILURE");
        n(0xC0000193, "STATUS_ACCOUNT_EXPIRED");
        n(0xC0000203, "STATUS_USER_SESSION_DELETED");
        n(0xC0000205, "STATUS_INSUFF_SERVER_RESOURCES");
        n(0xC000020C, "STATUS_CONNECTION_DISCONNECTED");
        n(0xC000020D, "STATUS_CONNECTION_RESET");
        n(0xC0000224, "STATUS_PASSWORD_MUST_CHANGE");
        n(0xC0000225, "STATUS_NOT_FOUND");
        n(0xC0000234, "STATUS_ACCOUNT_LOCKED_OUT");
        n(0xC0000236, "STATUS_CONNECTION_REFUSED");
        n(0xC0000257, "STATUS_PATH_NOT_COVERED");
        n(0xC0000275, "STATUS_NOT_A_REPARSE_POINT");
        n(0xC000035C, "STATUS_NETWORK_SESSION_EXPIRED");
    }

    /** Suricata's name, or the code in hex ("0xc00000ff") when it has none here. */
    public static String name(int code) {
        String s = NAMES.get(code);
        return s != null ? s : hex(code);
    }

    /** {@code smb.status_code}: lowercase hex without leading zeros, like "0x0" or "0xc0000022". */
    public static String hex(int code) {
        return "0x" + Integer.toHexString(code);
    }

    static int size() { return NAMES.size(); }
}
