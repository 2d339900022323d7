package dev.vigil.scenario.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.random.RandomGenerator;

/** Writes an RFC 5322 message, with one MIME attachment when given (base64, 76-character lines). */
public final class MailMessage {
    private MailMessage() {}

    public record Attachment(String name, String contentType, byte[] content) {}

    public static String build(String from, List<String> to, String subject, String date, String messageIdDomain,
            String text, Attachment attachment, RandomGenerator rng) {
        StringBuilder sb = new StringBuilder(512 + text.length());
        String id = Long.toHexString(rng.nextLong()) + "." + Long.toHexString(rng.nextLong() & 0xFFFFFFFFL);
        sb.append("From: ").append(from).append("\r\n");
        sb.append("To: ").append(String.join(", ", to)).append("\r\n");
        sb.append("Subject: ").append(subject).append("\r\n");
        sb.append("Date: ").append(date).append("\r\n");
        sb.append("Message-ID: <").append(id).append('@').append(messageIdDomain).append(">\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        if (attachment == null) {
            sb.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
            sb.append(text.replace("\n", "\r\n")).append("\r\n");
            return sb.toString();
        }
        String boundary = "----=_Part_" + Long.toHexString(rng.nextLong() & Long.MAX_VALUE);
        sb.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n");
        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        sb.append(text.replace("\n", "\r\n")).append("\r\n");
        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Type: ").append(attachment.contentType()).append("; name=\"").append(attachment.name()).append("\"\r\n");
        sb.append("Content-Disposition: attachment; filename=\"").append(attachment.name()).append("\"\r\n");
        sb.append("Content-Transfer-Encoding: base64\r\n\r\n");
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment.content());
        sb.append(b64).append("\r\n");
        sb.append("--").append(boundary).append("--\r\n");
        return sb.toString();
    }
}
