package dev.vigil.applayer.ftp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.Transport;

/**
 * FTP data connections ({@code app_proto} "ftp-data"). Their bytes are a file or a listing, with
 * nothing to recognise them by: a flow is ftp-data only because its control connection announced it
 * (PORT/EPRT or PASV/EPSV, then RETR, STOR, ...; see {@link FtpParser}), through the app layer's
 * expectations, never by probing.
 */
public final class FtpDataProtocol implements AppProtocol {
    public static final String NAME = "ftp-data";

    @Override public String name() { return NAME; }

    @Override public Transport transport() { return Transport.TCP; }

    @Override
    public Probe probe(boolean toServer, byte[] buf, int off, int len, int clientPort, int serverPort) {
        return Probe.NO;
    }

    @Override
    public AppParser newParser(AppContext ctx) { return new FtpDataParser(ctx); }
}
