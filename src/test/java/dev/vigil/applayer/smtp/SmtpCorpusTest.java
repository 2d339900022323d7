package dev.vigil.applayer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import dev.vigil.testing.TcpFollow;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.TsharkCache;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SMTP session of the corpus's mail captures: envelope and message headers against tshark, and
 * attachment hashes against Python's email package reading the messages tshark exports.
 */
class SmtpCorpusTest {

    static List<String> captures() throws IOException {
        try (var s = Files.list(Corpus.pcapDir().resolve("mail"))) {
            return s.map(p -> "mail/" + p.getFileName()).filter(n -> n.contains("smtp") || n.contains("mail_sender") || n.contains("bdat")).sorted().toList();
        }
    }

    @Test
    void envelopeHeadersAndAttachmentsAgreeWithOracles(@TempDir Path tmp) throws IOException {
        Tools.require("tshark");
        Tools.require("python3");
        JsonSchema smtpSchema = EveJson.schema("smtp"), fileSchema = EveJson.schema("fileinfo");
        List<String> problems = new ArrayList<>();
        int sessions = 0, mailFrom = 0, rcpt = 0, from = 0, subjects = 0, files = 0, filesAgree = 0;
        for (String rel : captures()) {
            Path pcap = Corpus.file(rel);
            Map<Integer, TcpFollow.Conversation> streams = TcpFollow.matching(pcap, "smtp", List.of());
            // tshark: per stream, MAIL/RCPT parameters and IMF From/Subject
            Map<Integer, List<String>> tMail = new TreeMap<>(), tRcpt = new TreeMap<>(), tFrom = new TreeMap<>(), tSubj = new TreeMap<>();
            for (String l : TsharkCache.run(pcap, List.of("tshark", "-r", pcap.toString(), "-Y", "smtp.req.command || imf", "-T", "fields", "-E", "separator=|",
                    "-E", "occurrence=a", "-E", "aggregator=\u0001", "-e", "tcp.stream", "-e", "smtp.req.command", "-e", "smtp.req.parameter",
                    "-e", "imf.from", "-e", "imf.subject")).lines()) {
                String[] f = l.split("\\|", -1);
                if (f.length < 5 || f[0].isBlank()) continue;
                int s = Integer.parseInt(f[0]);
                String[] cmds = f[1].split("\u0001", -1), params = f[2].split("\u0001", -1);
                for (int i = 0; i < cmds.length && i < params.length; i++) {
                    String c = cmds[i].toUpperCase();
                    String v = params[i].contains(":") ? params[i].substring(params[i].indexOf(':') + 1).trim() : params[i];
                    if (v.contains(" ")) v = v.substring(0, v.indexOf(' '));
                    if (c.equals("MAIL")) tMail.computeIfAbsent(s, k -> new ArrayList<>()).add(v);
                    if (c.equals("RCPT")) tRcpt.computeIfAbsent(s, k -> new ArrayList<>()).add(v);
                }
                // an attached message/rfc822 has its own From: the first occurrence is the message's
                if (!f[3].isEmpty()) tFrom.computeIfAbsent(s, k -> new ArrayList<>()).add(f[3].split("\u0001")[0]);
                if (!f[4].isEmpty()) tSubj.computeIfAbsent(s, k -> new ArrayList<>()).add(f[4].split("\u0001")[0]);
            }
            TreeSet<String> ourFiles = new TreeSet<>();
            java.util.Set<Integer> afterStarttls = new java.util.HashSet<>();
            for (TcpFollow.Conversation st : streams.values()) {
                if (!st.probes(new SmtpProtocol())) continue;
                sessions++;
                RecordingContext ctx = new RecordingContext();
                var parser = new SmtpProtocol().newParser(ctx);
                boolean stoppedEarly = false;
                for (TcpFollow.Chunk c : st.chunks()) {
                    if (parser.done()) { stoppedEarly = true; break; }
                    parser.onData(c.toServer(), c.data(), 0, c.data().length);
                }
                parser.onClose();
                List<String> oMail = new ArrayList<>(), oRcpt = new ArrayList<>(), oFrom = new ArrayList<>(), oSubj = new ArrayList<>();
                for (AppRecord r : ctx.records) {
                    JsonNode line = EveJson.line(r);
                    var errs = (r instanceof FileInfoRecord ? fileSchema : smtpSchema).validate(line);
                    if (!errs.isEmpty()) problems.add(rel + ": schema " + errs + " " + line);
                    if (r instanceof SmtpRecord s) {
                        if (s.mailFrom() != null) oMail.add(s.mailFrom());
                        oRcpt.addAll(s.rcptTo());
                        if (s.email() != null && s.email().from() != null) oFrom.add(s.email().from());
                        if (s.email() != null && s.email().subject() != null) oSubj.add(s.email().subject());
                    } else if (r instanceof FileInfoRecord) {
                        ourFiles.add(line.at("/fileinfo/filename").asText() + " " + line.at("/fileinfo/md5").asText());
                    }
                }
                int i = st.index();
                if (stoppedEarly) {
                    afterStarttls.add(i);
                    // STARTTLS was accepted: what follows is TLS on the wire (this capture has it decrypted)
                    System.out.println("  after STARTTLS, not compared: " + rel + " stream " + i);
                    continue;
                }
                mailFrom += compare(rel, i, "mail_from", tMail.getOrDefault(i, List.of()), oMail, problems);
                rcpt += compare(rel, i, "rcpt_to", tRcpt.getOrDefault(i, List.of()), oRcpt, problems);
                from += compare(rel, i, "email.from", tFrom.getOrDefault(i, List.of()), oFrom, problems);
                // tshark decodes RFC 2047 encoded words, Suricata logs the header as it is: compare plain ones
                List<String> plainOurs = oSubj.stream().filter(x -> !x.contains("=?")).toList();
                List<String> plainTheirs = tSubj.getOrDefault(i, List.of()).stream().filter(plainOurs::contains).toList();
                subjects += compare(rel, i, "subject", plainTheirs, plainOurs, problems);
            }
            // attachments: the messages sent with DATA, cut from the client's bytes and decoded by Python's email package
            TreeSet<String> theirs = new TreeSet<>();
            for (TcpFollow.Conversation st : streams.values()) {
                if (afterStarttls.contains(st.index())) continue;
                java.io.ByteArrayOutputStream client = new java.io.ByteArrayOutputStream();
                for (TcpFollow.Chunk c : st.chunks()) if (c.toServer()) client.writeBytes(c.data());
                Path f = tmp.resolve(pcap.getFileName() + "-" + st.index() + ".client");
                Files.write(f, client.toByteArray());
                theirs.addAll(Tools.run(120, "python3", "-c", PY_ATTACHMENTS, f.toString()).lines());
            }
            theirs.remove("");
            files += theirs.size();
            for (String t : theirs) {
                // a name longer than MimeParser.MAX_FILENAME is logged cut: same hash, name a prefix
                String md5 = t.substring(t.lastIndexOf(' ') + 1), name = t.substring(0, t.lastIndexOf(' '));
                boolean found = ourFiles.stream().anyMatch(o -> o.endsWith(" " + md5) && name.startsWith(o.substring(0, o.lastIndexOf(' '))));
                if (found) filesAgree++;
                else problems.add(rel + ": attachment " + (t.length() > 200 ? t.substring(0, 100) + "..." + t.substring(t.length() - 40) : t)
                        + " (python) not among ours " + ourFiles.stream().map(o -> o.length() > 200 ? o.substring(0, 100) + "..." + o.substring(o.length() - 40) : o).toList());
            }
        }
        System.out.printf("SMTP vs tshark/python: %d sessions; agree: %d mail_from, %d rcpt_to, %d email.from, %d subjects; attachments %d/%d%n",
                sessions, mailFrom, rcpt, from, subjects, filesAgree, files);
        problems.forEach(p -> System.out.println("  " + p));
        assertThat(problems).isEmpty();
        assertThat(sessions).isGreaterThan(10);
        assertThat(filesAgree).isGreaterThan(3);
    }

    /** Prints "name md5" of every attachment of every DATA message in a client's byte stream. */
    static final String PY_ATTACHMENTS = """
            import email, hashlib, re, sys
            from email import policy
            data = open(sys.argv[1], 'rb').read()
            for m in re.finditer(rb'(?im)^DATA\\r?\\n', data):
                end = data.find(b'\\r\\n.\\r\\n', m.end())
                if end < 0: continue
                lines = data[m.end():end + 2].split(b'\\r\\n')
                body = b'\\r\\n'.join(l[1:] if l.startswith(b'.') else l for l in lines)
                msg = email.message_from_bytes(body, policy=policy.compat32)
                for part in msg.walk():
                    n = part.get_filename()
                    if n and not part.is_multipart():
                        print(n, hashlib.md5(part.get_payload(decode=True) or b'').hexdigest())
            """;

    static int compare(String rel, int stream, String what, List<String> theirs, List<String> ours, List<String> problems) {
        if (theirs.isEmpty() && !ours.isEmpty()) {
            System.out.println("  tshark lacks: " + rel + " stream " + stream + " " + what + " " + ours);
            return 0;
        }
        if (!theirs.equals(ours)) {
            problems.add(rel + " stream " + stream + " " + what + ": tshark " + theirs + ", ours " + ours);
            return 0;
        }
        return theirs.size();
    }
}
