package dev.vigil.applayer.ftp;

import java.util.Locale;

/**
 * What the control connection said about one data connection, handed to its {@link FtpDataParser}:
 * the transfer command that used it, its argument (the file name), and whether the server listened
 * (PASV/EPSV) or the client did (PORT/EPRT).
 */
record FtpTransfer(String command, String fileName, boolean passive) {

    /** True when the data goes from the FTP server to its client (RETR, LIST, NLST, MLSD). */
    boolean fromFtpServer() {
        return !(command.equals("STOR") || command.equals("STOU") || command.equals("APPE"));
    }

    /** True when the data is a file, logged as {@code fileinfo} (not a directory listing). */
    boolean carriesFile() {
        return switch (command.toUpperCase(Locale.ROOT)) {
            case "RETR", "STOR", "STOU", "APPE" -> true;
            default -> false;
        };
    }
}
