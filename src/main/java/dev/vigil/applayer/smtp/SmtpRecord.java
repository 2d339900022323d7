package dev.vigil.applayer.smtp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.util.List;

/**
 * Suricata's {@code smtp} record of one mail transaction: {@code tx_id}, the envelope in {@code smtp}
 * (helo, mail_from, rcpt_to) and, when a message was sent, its headers and attachment names in
 * {@code email}. Immutable: it is also the context of the transaction's {@code fileinfo} records.
 */
public record SmtpRecord(long txId, String helo, String mailFrom, List<String> rcptTo, Email email) implements AppRecord {

    /** The message: null fields were absent. */
    public record Email(String status, String from, List<String> to, List<String> cc, String subject, String date,
                        String messageId, String xMailer, String userAgent, List<String> attachments) {}

    @Override public String eventType() { return "smtp"; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", txId);
        writeContext(g);
    }

    /** The {@code smtp} and {@code email} objects, as a fileinfo record carries them too. */
    public void writeContext(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("smtp");
        if (helo != null) g.writeStringField("helo", helo);
        if (mailFrom != null) g.writeStringField("mail_from", mailFrom);
        array(g, "rcpt_to", rcptTo);
        g.writeEndObject();
        if (email == null) return;
        g.writeObjectFieldStart("email");
        g.writeStringField("status", email.status());
        if (email.from() != null) g.writeStringField("from", email.from());
        array(g, "to", email.to());
        array(g, "cc", email.cc());
        if (email.subject() != null) g.writeStringField("subject", email.subject());
        if (email.date() != null) g.writeStringField("date", email.date());
        if (email.messageId() != null) g.writeStringField("message_id", email.messageId());
        if (email.xMailer() != null) g.writeStringField("x_mailer", email.xMailer());
        if (email.userAgent() != null) g.writeStringField("user_agent", email.userAgent());
        array(g, "attachment", email.attachments());
        g.writeEndObject();
    }

    private static void array(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values == null || values.isEmpty()) return;
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}
