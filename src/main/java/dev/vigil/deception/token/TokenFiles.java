package dev.vigil.deception.token;

import java.io.IOException;
import java.nio.file.Path;

/** Placeholder replaced when the document renderers land. */
public final class TokenFiles {
    private TokenFiles() {}

    public static boolean isFile(TokenType t) {
        return t == TokenType.DOCX || t == TokenType.PDF || t == TokenType.ENV || t == TokenType.INI;
    }

    public static String defaultName(TokenType t) {
        return switch (t) {
            case DOCX -> "Project_status_report.docx";
            case PDF -> "VPN_access_guide.pdf";
            case ENV -> ".env";
            case INI -> "backup.ini";
            default -> throw new IllegalArgumentException(t.cliName + " tokens are not files");
        };
    }

    public static Honeytoken write(Honeytoken t, Path file, TokenFactory factory) throws IOException {
        throw new UnsupportedOperationException("pending");
    }
}
