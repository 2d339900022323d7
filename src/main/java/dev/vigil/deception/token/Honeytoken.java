package dev.vigil.deception.token;

import java.time.Instant;
import java.util.Map;

/**
 * A planted honeytoken: what it is, the note its owner wrote (who planted it, why), where it was
 * planted, and the values that give its user away. Values by name: {@code username} and {@code
 * password} (credentials, also inside env/ini files), {@code access_key_id} and {@code secret_key}
 * (API keys), {@code dns_name} (a canary name), {@code url} (a web bug, also the beacon of a document),
 * {@code file} (where a generated file was written).
 *
 * @param sid the first of the block of ten signature ids its detection rules use
 */
public record Honeytoken(String id, TokenType type, String memo, String planted, Instant created, Instant revoked,
                         Map<String, String> values, int sid) {

    public static final String USERNAME = "username", PASSWORD = "password", ACCESS_KEY_ID = "access_key_id", SECRET_KEY = "secret_key",
            DNS_NAME = "dns_name", URL = "url", FILE = "file";

    public boolean active() { return revoked == null; }

    public String value(String name) { return values.get(name); }

    /** The value an operator plants or hands out: the canary name, the URL, user:password, the key id. */
    public String display() {
        return switch (type) {
            case DNS -> values.get(DNS_NAME);
            case URL, DOCX, PDF -> values.get(URL);
            case CREDENTIAL -> values.get(USERNAME) + ":" + values.get(PASSWORD);
            case API_KEY -> values.get(ACCESS_KEY_ID) + " / " + values.get(SECRET_KEY);
            case ENV, INI -> values.getOrDefault(FILE, values.get(USERNAME));
        };
    }
}
