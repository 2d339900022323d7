package dev.vigil.applayer.ftp;

/**
 * A data connection the control channel announced (PORT/EPRT: the client listens; PASV/EPSV: the
 * server listens), for whoever links ftp-data flows to their command. {@code address} is the listening
 * host as announced (null when EPSV or an EPRT without an address means "the control peer"), {@code
 * port} its port; {@code command} and {@code fileName} are those of the transfer command that used it
 * (RETR/STOR/...), null while none has.
 */
public record DataChannel(boolean passive, String address, int port, String command, String fileName, long announcedAtPacket) {

    /** True when the file goes from the server to the client (RETR, LIST, NLST, MLSD). */
    public boolean toClient() {
        return command != null && !command.equals("STOR") && !command.equals("STOU") && !command.equals("APPE");
    }

    DataChannel used(String cmd, String file) {
        return new DataChannel(passive, address, port, cmd, file, announcedAtPacket);
    }
}
