package dev.vigil.deception.decoy;

/**
 * The honeytokens a decoy recognises: a credential an intruder tries, a canary name a resolver asks for,
 * a URL a reader's document fetches. Null: not a token.
 */
public interface TokenLookup {
    TokenUse credential(String user, String password);

    TokenUse dnsName(String name);

    TokenUse url(String host, String path);

    TokenLookup NONE = new TokenLookup() {
        @Override public TokenUse credential(String user, String password) { return null; }
        @Override public TokenUse dnsName(String name) { return null; }
        @Override public TokenUse url(String host, String path) { return null; }
    };
}
