package dev.vigil.deception.token;

import java.util.Locale;

/** The kinds of honeytoken {@code vigil token create --type} makes, by the names the CLI takes. */
public enum TokenType {
    /** A user name and password planted where an intruder looks (a script, a password file, a wiki page). */
    CREDENTIAL("credential"),
    /** An API-key-like secret: an access key id (what travels in requests) and its secret. */
    API_KEY("api-key"),
    /** A unique name under the canary zone: resolving it is the alert. */
    DNS("dns"),
    /** A URL (web bug): fetching it is the alert. */
    URL("url"),
    /** A Word document that fetches its beacon URL when opened. */
    DOCX("docx"),
    /** A PDF that fetches its beacon URL when opened. */
    PDF("pdf"),
    /** A {@code .env} file holding credential and API-key tokens. */
    ENV("env"),
    /** An {@code .ini} file holding credential tokens. */
    INI("ini");

    public final String cliName;

    TokenType(String cliName) {
        this.cliName = cliName;
    }

    public static TokenType of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (TokenType t : values()) if (t.cliName.equals(n)) return t;
        if (n.equals("apikey") || n.equals("api")) return API_KEY;
        if (n.equals("web-bug") || n.equals("webbug")) return URL;
        throw new IllegalArgumentException("unknown token type '" + name + "' (types: credential, api-key, dns, url, docx, pdf, env, ini)");
    }
}
