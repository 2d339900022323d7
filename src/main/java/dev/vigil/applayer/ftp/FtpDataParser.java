package dev.vigil.applayer.ftp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.applayer.files.ObservedFile;
import dev.vigil.flow.TcpState;

/**
 * One FTP data connection, announced by its control connection ({@link FtpTransfer}). The bytes the
 * transfer's sender writes are the file: hashed as they go by ({@link ObservedFile}, nothing kept but
 * its first bytes), and logged when the connection ends as an {@code ftp_data} record and, for RETR,
 * STOR, STOU and APPE, a {@code fileinfo} record. Bytes the other way are not part of the transfer and
 * are ignored. The flow's server is the side that listened (see {@code AppLayer}), so the FTP server is
 * the flow's server in passive mode and its client in active mode.
 */
final class FtpDataParser implements AppParser {
    private final AppContext ctx;
    private final FtpTransfer transfer;
    /** The transfer's bytes go from the flow's client to its server. */
    private final boolean fileToServer;
    private final ObservedFile file;
    private boolean closed;

    FtpDataParser(AppContext ctx) {
        this.ctx = ctx;
        this.transfer = ctx.expectation() instanceof FtpTransfer t ? t : null;
        if (transfer == null) {
            fileToServer = true;
            file = null;
            return;
        }
        // in active mode the FTP server connects: it is the flow's client
        boolean ftpServerIsFlowClient = !transfer.passive();
        fileToServer = transfer.fromFtpServer() == ftpServerIsFlowClient;
        file = transfer.carriesFile() ? new ObservedFile(transfer.fileName()) : null;
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (file != null && toServer == fileToServer) file.append(buf, off, len);
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        if (file != null && toServer == fileToServer) file.gap(bytes);
    }

    @Override
    public boolean done() { return closed || transfer == null; }

    @Override
    public void onClose() {
        if (closed || transfer == null) return;
        closed = true;
        FtpDataRecord record = new FtpDataRecord(transfer.fileName(), transfer.command());
        ctx.emit(record);
        if (file == null) return;
        // the sender closes the connection at the end of the file (RFC 959 stream mode): without a FIN or
        // RST the capture or the flow's timeout cut it short
        file.finish(ctx.flow().tcpState.compareTo(TcpState.FIN_WAIT1) >= 0);
        ctx.emit(new FileInfoRecord(file, FtpDataProtocol.NAME, 0, null, !fileToServer));
    }
}
