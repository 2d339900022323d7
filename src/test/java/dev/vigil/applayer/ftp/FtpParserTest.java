package dev.vigil.applayer.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.applayer.Probe;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FtpParserTest {
    static void send(FtpParser p, boolean toServer, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) p.onData(toServer, b, i, 1);
    }

    static FtpRecord rec(RecordingContext ctx, int i) { return (FtpRecord) ctx.records.get(i); }

    @Test
    void probe() {
        FtpProtocol f = new FtpProtocol();
        assertThat(f.probe(true, "USER anonymous\r\n".getBytes(), 0, 16, 1, 21)).isEqualTo(Probe.MATCH);
        assertThat(f.probe(true, "feat\r\n".getBytes(), 0, 6, 1, 21)).isEqualTo(Probe.MATCH);
        assertThat(f.probe(true, "US".getBytes(), 0, 2, 1, 21)).isEqualTo(Probe.NEED_MORE);
        assertThat(f.probe(true, "USERS".getBytes(), 0, 5, 1, 21)).isEqualTo(Probe.NO);
        assertThat(f.probe(true, "EHLO x".getBytes(), 0, 6, 1, 21)).isEqualTo(Probe.NO);
        assertThat(f.probe(false, "220-hi".getBytes(), 0, 6, 1, 21)).isEqualTo(Probe.NEED_MORE);
    }

    @Test
    void sessionWithMultiLineRepliesPreliminaryRepliesAndDataChannels() {
        RecordingContext ctx = new RecordingContext();
        FtpParser p = (FtpParser) new FtpProtocol().newParser(ctx);
        List<DataChannel> seen = new ArrayList<>();
        p.onDataChannel(seen::add);
        send(p, false, "220-Welcome\r\n  to the server\r\n220 ready\r\n");
        send(p, true, "USER anonymous\r\nPASS secret@\r\n");
        send(p, false, "331 Guest login ok\r\n230-Hello\r\n230 Logged in\r\n");
        send(p, true, "PASV\r\n");
        send(p, false, "227 Entering Passive Mode (192,168,1,2,195,80).\r\n");
        send(p, true, "RETR a file.txt\r\n");
        send(p, false, "150 Opening BINARY mode\r\n226 Transfer complete\r\n");
        send(p, true, "PORT 10,0,0,1,4,1\r\nSTOR up.bin\r\nEPSV\r\nEPRT |2|::1|5282|\r\nQUIT\r\n");
        send(p, false, "200 PORT ok\r\n150 go\r\n226 done\r\n229 Entering Extended Passive Mode (|||6446|)\r\n200 ok\r\n221\r\n");
        p.onClose();
        assertThat(ctx.anomalies).isEmpty();
        assertThat(ctx.records).hasSize(10);
        FtpRecord greeting = rec(ctx, 0);
        assertThat(greeting.command()).isNull();
        assertThat(greeting.completionCodes()).containsExactly("220", "220");
        assertThat(greeting.replies()).containsExactly("Welcome", "  to the server", "ready");
        assertThat(rec(ctx, 2).commandData()).isEqualTo("secret@");
        assertThat(rec(ctx, 2).completionCodes()).containsExactly("230", "230");
        assertThat(rec(ctx, 3).dynamicPort()).isEqualTo(195 * 256 + 80);
        assertThat(rec(ctx, 3).passive()).isTrue();
        assertThat(rec(ctx, 4).completionCodes()).containsExactly("150", "226");
        assertThat(rec(ctx, 5).dynamicPort()).isEqualTo(1025);
        assertThat(rec(ctx, 5).passive()).isFalse();
        assertThat(rec(ctx, 7).dynamicPort()).isEqualTo(6446);
        assertThat(rec(ctx, 8).dynamicPort()).isEqualTo(5282);
        FtpRecord quit = rec(ctx, 9);
        assertThat(quit.completionCodes()).containsExactly("221");
        assertThat(quit.replies()).isEmpty();
        JsonNode q = EveJson.line(quit);
        assertThat(q.at("/ftp/reply").isMissingNode()).isTrue();
        assertThat(q.at("/ftp/reply_received").asText()).isEqualTo("yes");
        assertThat(EveJson.line(rec(ctx, 3)).at("/ftp/mode").asText()).isEqualTo("passive");

        List<DataChannel> ch = p.dataChannels();
        assertThat(ch).hasSize(4);
        assertThat(ch.get(0)).extracting(DataChannel::passive, DataChannel::address, DataChannel::port, DataChannel::command, DataChannel::fileName)
                .containsExactly(true, "192.168.1.2", 50000, "RETR", "a file.txt");
        assertThat(ch.get(0).toClient()).isTrue();
        assertThat(ch.get(1)).extracting(DataChannel::address, DataChannel::port, DataChannel::command).containsExactly("10.0.0.1", 1025, "STOR");
        assertThat(ch.get(1).toClient()).isFalse();
        assertThat(ch.get(2).address()).isEqualTo("::1");
        assertThat(ch.get(3).address()).as("EPSV: the control peer").isNull();
        assertThat(seen).hasSize(6); // four announcements, two of them used later
        for (var r : ctx.records) assertThat(EveJson.schema("ftp").validate(EveJson.line(r))).isEmpty();
    }

    @Test
    void unansweredCommandsAreLoggedAtCloseAndLongLinesCut() {
        RecordingContext ctx = new RecordingContext();
        FtpParser p = (FtpParser) new FtpProtocol().newParser(ctx);
        send(p, true, "RETR " + "x".repeat(5000) + "\r\nRETR index.html\r\n");
        p.onClose();
        assertThat(ctx.anomalies).containsExactly("request_command_too_long");
        assertThat(rec(ctx, 0).commandTruncated()).isTrue();
        assertThat(rec(ctx, 0).commandData()).hasSize(FtpParser.MAX_LINE - 5);
        assertThat(rec(ctx, 1).commandData()).isEqualTo("index.html");
        assertThat(rec(ctx, 1).replyReceived()).isFalse();
        assertThat(EveJson.line(rec(ctx, 1)).at("/ftp/reply_received").asText()).isEqualTo("no");
    }

    @Test
    void authTlsAcceptedEndsTheParseAndBadPortsAreIgnored() {
        RecordingContext ctx = new RecordingContext();
        FtpParser p = (FtpParser) new FtpProtocol().newParser(ctx);
        send(p, true, "PORT 1,2,3,4,999,1\r\nEPRT |1|1.2.3.4|99999|\r\nAUTH TLS\r\n");
        send(p, false, "500 no\r\n500 no\r\n234 go\r\n");
        assertThat(p.done()).isTrue();
        assertThat(p.dataChannels()).isEmpty();
        assertThat(ctx.records).hasSize(3);
        assertThat(rec(ctx, 0).dynamicPort()).isNull();
    }

    @Test
    void schemaIsValidAndStrict() {
        assertThat(EveJson.metaViolations("ftp")).isEmpty();
        JsonNode ok = EveJson.line(new FtpRecord(3, "PASV", null, false, List.of("227"), List.of("Entering"), false, 5000, true, true));
        assertThat(EveJson.schema("ftp").validate(ok)).isEmpty();
        ObjectNode bad = ok.deepCopy();
        ((ObjectNode) bad.get("ftp")).put("mode", "PASSIVE");
        assertThat(EveJson.schema("ftp").validate(bad)).isNotEmpty();
        ObjectNode badCode = ok.deepCopy();
        ((ObjectNode) badCode.get("ftp")).putArray("completion_code").add(227);
        assertThat(EveJson.schema("ftp").validate(badCode)).isNotEmpty();
    }
}
