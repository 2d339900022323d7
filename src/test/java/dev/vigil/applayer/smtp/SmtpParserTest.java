package dev.vigil.applayer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpParserTest {
    static final String SERVER = "220 mx.example ESMTP\r\n250-mx.example\r\n250 PIPELINING\r\n250 ok\r\n250 ok\r\n354 go\r\n250 queued\r\n221 bye\r\n";

    static void send(AppParser p, boolean toServer, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        p.onData(toServer, b, 0, b.length);
    }

    static void sendBytewise(AppParser p, boolean toServer, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) p.onData(toServer, b, i, 1);
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    static final byte[] PAYLOAD = "MZ\u0090\u0000binary\r\n.leading dot\r\nend".getBytes(StandardCharsets.ISO_8859_1);

    static String message() {
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes()).encodeToString(PAYLOAD);
        return "From: \"Doe, John\" <john@example.com>\r\n"
                + "To: a@example.com, \"B, b\" <b@example.com>\r\n"
                + "Cc: c@example.com\r\n"
                + "Subject: quarterly\r\n report\r\n"
                + "Message-ID: <1@example.com>\r\n"
                + "X-Mailer: TestMailer 1\r\n"
                + "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n"
                + "preamble\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n..dot-stuffed line\r\n"
                + "--XX\r\nContent-Type: application/octet-stream; name=\"ignored.bin\"\r\n"
                + "Content-Disposition: attachment; filename=\"a.exe\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + b64.replace("\r\n.", "\r\n..") + "\r\n"
                + "--XX\r\nContent-Disposition: attachment; filename=b.txt\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "caf=C3=A9 soft=\r\nbreak\r\n..x\r\n"
                + "--XX\r\nContent-Disposition: attachment; filename=c.txt\r\n\r\nline1\r\nline2\r\n"
                + "--XX--\r\nepilogue\r\n";
    }

    @Test
    void probe() {
        SmtpProtocol p = new SmtpProtocol();
        assertThat(p.probe(true, "ehlo x\r\n".getBytes(), 0, 8, 1, 25)).isEqualTo(Probe.MATCH);
        assertThat(p.probe(true, "HELO x".getBytes(), 0, 6, 1, 25)).isEqualTo(Probe.MATCH);
        assertThat(p.probe(true, "EHL".getBytes(), 0, 3, 1, 25)).isEqualTo(Probe.NEED_MORE);
        assertThat(p.probe(false, "220 ftp ready\r\n".getBytes(), 0, 15, 1, 25)).isEqualTo(Probe.NEED_MORE);
        assertThat(p.probe(false, "200 x".getBytes(), 0, 5, 1, 25)).isEqualTo(Probe.NO);
        assertThat(p.probe(true, "USER x".getBytes(), 0, 6, 1, 25)).isEqualTo(Probe.NO);
    }

    @Test
    void dataTransactionWithAttachmentsSplitIntoSingleBytes() throws Exception {
        RecordingContext ctx = new RecordingContext();
        AppParser p = new SmtpProtocol().newParser(ctx);
        sendBytewise(p, false, "220 mx ESMTP\r\n");
        sendBytewise(p, true, "EHLO client.example\r\nMAIL FROM:<john@example.com> SIZE=100\r\nRCPT TO:<a@example.com>\r\nRCPT TO: <b@example.com>\r\nDATA\r\n");
        sendBytewise(p, false, "250-mx\r\n250 SIZE\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n");
        sendBytewise(p, true, message() + ".\r\nQUIT\r\n");
        p.onClose();
        assertThat(ctx.anomalies).isEmpty();
        List<FileInfoRecord> files = ctx.records.stream().filter(r -> r instanceof FileInfoRecord).map(r -> (FileInfoRecord) r).toList();
        List<SmtpRecord> txs = ctx.records.stream().filter(r -> r instanceof SmtpRecord).map(r -> (SmtpRecord) r).toList();
        assertThat(txs).hasSize(1);
        SmtpRecord tx = txs.getFirst();
        assertThat(tx.helo()).isEqualTo("client.example");
        assertThat(tx.mailFrom()).isEqualTo("<john@example.com>");
        assertThat(tx.rcptTo()).containsExactly("<a@example.com>", "<b@example.com>");
        assertThat(tx.email().status()).isEqualTo("PARSE_DONE");
        assertThat(tx.email().from()).isEqualTo("\"Doe, John\" <john@example.com>");
        assertThat(tx.email().to()).containsExactly("a@example.com", "\"B, b\" <b@example.com>");
        assertThat(tx.email().subject()).isEqualTo("quarterly report");
        assertThat(tx.email().attachments()).containsExactly("a.exe", "b.txt", "c.txt");
        assertThat(files).hasSize(3);
        JsonNode a = EveJson.line(files.get(0));
        assertThat(a.at("/fileinfo/md5").asText()).isEqualTo(md5(PAYLOAD));
        assertThat(a.at("/fileinfo/state").asText()).isEqualTo("CLOSED");
        assertThat(a.at("/smtp/mail_from").asText()).isEqualTo("<john@example.com>");
        assertThat(a.at("/email/status").asText()).isEqualTo("BODY_STARTED");
        assertThat(EveJson.line(files.get(1)).at("/fileinfo/md5").asText())
                .isEqualTo(md5("café softbreak\r\n.x".getBytes(StandardCharsets.UTF_8)));
        assertThat(EveJson.line(files.get(2)).at("/fileinfo/md5").asText()).isEqualTo(md5("line1\r\nline2".getBytes()));
        JsonNode line = EveJson.line(tx);
        assertThat(EveJson.schema("smtp").validate(line)).isEmpty();
        for (FileInfoRecord f : files) assertThat(EveJson.schema("fileinfo").validate(EveJson.line(f))).isEmpty();
    }

    @Test
    void bdatChunksAndASecondTransaction() throws Exception {
        RecordingContext ctx = new RecordingContext();
        AppParser p = new SmtpProtocol().newParser(ctx);
        String msg = "Subject: s\r\nContent-Disposition: attachment; filename=x.bin\r\n\r\nDATA\r\nEHLO not a command\r\n.\r\n";
        int cut = 30;
        send(p, true, "EHLO h\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nBDAT " + cut + "\r\n" + msg.substring(0, cut)
                + "BDAT " + (msg.length() - cut) + " LAST\r\n" + msg.substring(cut) + "MAIL FROM:<e@f>\r\nRSET\r\nQUIT\r\n");
        p.onClose();
        List<SmtpRecord> txs = ctx.records.stream().filter(r -> r instanceof SmtpRecord).map(r -> (SmtpRecord) r).toList();
        assertThat(txs).hasSize(2);
        assertThat(txs.get(0).txId()).isZero();
        assertThat(txs.get(0).email().subject()).isEqualTo("s");
        assertThat(txs.get(0).email().status()).isEqualTo("PARSE_DONE");
        assertThat(txs.get(1).txId()).isEqualTo(1);
        assertThat(txs.get(1).mailFrom()).isEqualTo("<e@f>");
        assertThat(txs.get(1).email()).isNull();
        FileInfoRecord f = (FileInfoRecord) ctx.records.stream().filter(r -> r instanceof FileInfoRecord).findFirst().orElseThrow();
        assertThat(EveJson.line(f).at("/fileinfo/md5").asText()).isEqualTo(md5("DATA\r\nEHLO not a command\r\n.\r\n".getBytes()));
    }

    @Test
    void starttlsAcceptedEndsTheParse() {
        RecordingContext ctx = new RecordingContext();
        AppParser p = new SmtpProtocol().newParser(ctx);
        send(p, false, "220 mx\r\n");
        send(p, true, "EHLO h\r\nSTARTTLS\r\n");
        send(p, false, "250 mx\r\n220 go ahead\r\n");
        assertThat(p.done()).isTrue();
        p.onClose();
        assertThat(ctx.records).hasSize(1);
        assertThat(((SmtpRecord) ctx.records.getFirst()).helo()).isEqualTo("h");
    }

    @Test
    void rejectedDataAndCutMessagesAndHostileLines() {
        RecordingContext ctx = new RecordingContext();
        AppParser p = new SmtpProtocol().newParser(ctx);
        send(p, false, "220 mx\r\n");
        send(p, true, "HELO h\r\nMAIL FROM:<a@b>\r\nDATA\r\n");
        send(p, false, "250 ok\r\n250 ok\r\n554 no valid recipients\r\n");
        send(p, true, "QUIT\r\n" + "X".repeat(10_000) + "\r\nMAIL FROM:<x@y>\r\nDATA\r\nSubject: cut\r\n\r\nbody");
        send(p, false, "garbage\r\n");
        p.onClose();
        assertThat(ctx.anomalies).containsExactly("DATA_COMMAND_REJECTED", "MAX_COMMAND_LINE_LEN_EXCEEDED", "INVALID_REPLY");
        List<SmtpRecord> txs = ctx.records.stream().map(r -> (SmtpRecord) r).toList();
        assertThat(txs).hasSize(2);
        assertThat(txs.get(1).email().status()).isEqualTo("BODY_STARTED");
        assertThat(txs.get(1).email().subject()).isEqualTo("cut");
    }

    @Test
    void schemaIsValidAndStrict() {
        assertThat(EveJson.metaViolations("smtp")).isEmpty();
        assertThat(EveJson.metaViolations("fileinfo")).isEmpty();
        JsonNode ok = EveJson.line(new SmtpRecord(0, "h", "<a@b>", List.of("<c@d>"),
                new SmtpRecord.Email("PARSE_DONE", "a", List.of("b"), List.of(), "s", null, null, null, null, List.of("f"))));
        assertThat(EveJson.schema("smtp").validate(ok)).isEmpty();
        ObjectNode bad = ok.deepCopy();
        ((ObjectNode) bad.get("email")).put("status", "done");
        assertThat(EveJson.schema("smtp").validate(bad)).isNotEmpty();
        ObjectNode extra = ok.deepCopy();
        ((ObjectNode) extra.get("smtp")).put("password", "x");
        assertThat(EveJson.schema("smtp").validate(extra)).isNotEmpty();
    }
}
