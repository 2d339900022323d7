package dev.vigil.applayer.smtp;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.applayer.files.ObservedFile;
import java.util.ArrayList;
import java.util.List;

/** One mail transaction: MAIL FROM, the RCPT TOs, and the message with its attachments. */
final class SmtpTransaction implements MimeParser.Listener {
    /** Recipients, and addresses of a To or Cc header, kept per transaction. */
    static final int MAX_ADDRESSES = 256;
    /** Attachment names kept for the record (every file still gets its fileinfo record). */
    static final int MAX_ATTACHMENTS = 256;

    final long id;
    private final AppContext ctx;
    String helo;
    String mailFrom;
    final List<String> rcptTo = new ArrayList<>();
    MimeParser mime;
    private String from, subject, date, messageId, xMailer, userAgent;
    private final List<String> to = new ArrayList<>(), cc = new ArrayList<>();
    private final List<String> attachments = new ArrayList<>();
    private ObservedFile file;
    boolean anyCommand;

    SmtpTransaction(long id, AppContext ctx, String helo) {
        this.id = id;
        this.ctx = ctx;
        this.helo = helo;
    }

    boolean hasContent() { return mailFrom != null || !rcptTo.isEmpty() || mime != null; }

    void startMessage() {
        if (mime == null) mime = new MimeParser(this);
    }

    void addRcpt(String r) {
        if (rcptTo.size() < MAX_ADDRESSES) rcptTo.add(r);
    }

    SmtpRecord record() {
        SmtpRecord.Email email = mime == null ? null : new SmtpRecord.Email(mime.status(), from, List.copyOf(to), List.copyOf(cc),
                subject, date, messageId, xMailer, userAgent, List.copyOf(attachments));
        return new SmtpRecord(id, helo, mailFrom, List.copyOf(rcptTo), email);
    }

    @Override
    public void header(String name, String value) {
        switch (name) {
            case "from" -> { if (from == null) from = value; }
            case "to" -> addresses(value, to);
            case "cc" -> addresses(value, cc);
            case "subject" -> { if (subject == null) subject = value; }
            case "date" -> { if (date == null) date = value; }
            case "message-id" -> { if (messageId == null) messageId = value; }
            case "x-mailer" -> { if (xMailer == null) xMailer = value; }
            case "user-agent" -> { if (userAgent == null) userAgent = value; }
            default -> { }
        }
    }

    /** Splits an address list on the commas that are outside quotes and angle brackets. */
    static void addresses(String value, List<String> out) {
        int start = 0;
        boolean quoted = false;
        int angle = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) quoted = !quoted;
            else if (!quoted && c == '<') angle++;
            else if (!quoted && c == '>' && angle > 0) angle--;
            else if (c == ',' && (i == value.length() || (!quoted && angle == 0))) {
                String a = value.substring(start, i).trim();
                if (!a.isEmpty() && out.size() < MAX_ADDRESSES) out.add(a);
                start = i + 1;
            }
        }
    }

    @Override
    public void fileStart(String name) {
        if (attachments.size() < MAX_ATTACHMENTS) attachments.add(name);
        file = new ObservedFile(name);
    }

    @Override
    public void fileData(byte[] b, int off, int len) {
        if (file != null) file.append(b, off, len);
    }

    @Override
    public void fileEnd(boolean complete) {
        if (file == null) return;
        file.finish(complete);
        SmtpRecord context = record();
        ctx.emit(new FileInfoRecord(file, "smtp", id, context::writeContext, false));
        file = null;
    }

    @Override
    public void anomaly(String event) {
        ctx.anomaly(event);
    }
}
