package dev.vigil.intel.stix.pattern;

import dev.vigil.intel.stix.pattern.ComparisonExpression.Comparison;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Exists;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Junction;
import dev.vigil.intel.stix.pattern.ObservationExpression.Combination;
import dev.vigil.intel.stix.pattern.ObservationExpression.Observation;
import dev.vigil.intel.stix.pattern.ObservationExpression.Qualified;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser for STIX 2.1 patterning, with its own tokenizer. Recursion only deepens at
 * parentheses and brackets, and those are counted, so hostile nesting ends in a {@link StixPatternException}.
 */
final class StixPatternParser {
    static final int MAX_LENGTH = 1 << 20;
    static final int MAX_DEPTH = 100;
    static final int MAX_REGEX_GROUP_DEPTH = 50;

    private enum T { LBRACK, RBRACK, LPAREN, RPAREN, COLON, DOT, COMMA, EQ, NEQ, LT, LE, GT, GE, STAR, IDENT, STRING, INT, FLOAT, BYTES_B64, BYTES_HEX, TIMESTAMP, EOF }

    private final String src;
    private final boolean stix20;
    private int pos;
    private int depth;
    // current token
    private T tok;
    private int tokStart;
    private String tokText; // identifier text, decoded string, number text, literal body

    private StixPatternParser(String src, boolean stix20) {
        this.src = src;
        this.stix20 = stix20;
    }

    static ObservationExpression parse(String src, boolean stix20) throws StixPatternException {
        if (src == null) throw new StixPatternException("no pattern", 0);
        if (src.length() > MAX_LENGTH) throw new StixPatternException("pattern longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        StixPatternParser p = new StixPatternParser(src, stix20);
        p.advance();
        if (p.tok != T.LBRACK && p.tok != T.LPAREN) throw p.error("a pattern starts with '[' or '('");
        ObservationExpression e = p.followedBy();
        if (p.tok != T.EOF) throw p.error("unexpected " + p.describe() + ", expected end of pattern");
        return e;
    }

    // ---------------------------------------------------------------- observation level

    private ObservationExpression followedBy() throws StixPatternException {
        return chain(ObservationExpression.Op.FOLLOWEDBY);
    }

    private ObservationExpression chain(ObservationExpression.Op op) throws StixPatternException {
        List<ObservationExpression> parts = new ArrayList<>();
        parts.add(op == ObservationExpression.Op.AND ? qualified() : chain(op == ObservationExpression.Op.FOLLOWEDBY ? ObservationExpression.Op.OR : ObservationExpression.Op.AND));
        while (isKeyword(op.name())) {
            advance();
            parts.add(op == ObservationExpression.Op.AND ? qualified() : chain(op == ObservationExpression.Op.FOLLOWEDBY ? ObservationExpression.Op.OR : ObservationExpression.Op.AND));
        }
        return parts.size() == 1 ? parts.getFirst() : new Combination(op, parts);
    }

    private ObservationExpression qualified() throws StixPatternException {
        ObservationExpression e;
        boolean bracketed = tok == T.LBRACK;
        if (bracketed) {
            enter();
            advance();
            ComparisonExpression c = orComparison();
            expect(T.RBRACK, "']'");
            depth--;
            e = new Observation(c);
        } else if (tok == T.LPAREN) {
            enter();
            advance();
            e = followedBy();
            expect(T.RPAREN, "')'");
            depth--;
        } else {
            throw error("expected '[' or '(' but found " + describe());
        }
        EnumSet<QualifierKind> seen = EnumSet.noneOf(QualifierKind.class);
        while (true) {
            int at = tokStart;
            Qualifier q;
            QualifierKind kind;
            if (isKeyword("WITHIN")) {
                advance();
                BigDecimal secs;
                if (tok == T.INT || tok == T.FLOAT) {
                    if (tokText.startsWith("-")) throw error("WITHIN needs a positive number of seconds");
                    secs = new BigDecimal(tokText.startsWith("+") ? tokText.substring(1) : tokText);
                } else throw error("expected a number of seconds after WITHIN but found " + describe());
                if (secs.signum() <= 0) throw error("WITHIN needs a positive number of seconds");
                advance();
                if (!isKeyword("SECONDS")) throw error("expected SECONDS but found " + describe());
                advance();
                q = new Qualifier.Within(secs);
                kind = QualifierKind.WITHIN;
            } else if (isKeyword("REPEATS")) {
                advance();
                if (tok != T.INT || tokText.startsWith("-")) throw error("expected a positive count after REPEATS but found " + describe());
                int n = positiveInt();
                advance();
                if (!isKeyword("TIMES")) throw error("expected TIMES but found " + describe());
                advance();
                q = new Qualifier.Repeats(n);
                kind = QualifierKind.REPEATS;
            } else if (isKeyword("START")) {
                advance();
                Literal.Timestamp start = qualifierTimestamp();
                if (!isKeyword("STOP")) throw error("expected STOP but found " + describe());
                advance();
                Literal.Timestamp stop = qualifierTimestamp();
                q = new Qualifier.StartStop(start, stop);
                kind = QualifierKind.STARTSTOP;
            } else {
                return e;
            }
            // as the reference validator does, only a chain straight on [...] is checked: after parentheses it is legal
            if (!seen.add(kind) && bracketed) throw new StixPatternException("duplicate " + kind + " qualifier on one observation expression", at);
            e = new Qualified(e, q);
        }
    }

    private enum QualifierKind { WITHIN, REPEATS, STARTSTOP }

    private Literal.Timestamp qualifierTimestamp() throws StixPatternException {
        if (tok == T.TIMESTAMP || (stix20 && tok == T.STRING)) {
            if (StixTimestamps.parse(tokText) == null) throw error("not a STIX timestamp: '" + tokText + "'");
            Literal.Timestamp t = new Literal.Timestamp(tokText);
            advance();
            return t;
        }
        throw error("expected a timestamp literal t'…' but found " + describe());
    }

    private int positiveInt() throws StixPatternException {
        String t = tokText.startsWith("+") ? tokText.substring(1) : tokText;
        long v;
        try {
            v = t.length() > 12 ? Long.MAX_VALUE : Long.parseLong(t);
        } catch (NumberFormatException ex) {
            throw error("bad integer");
        }
        if (v <= 0) throw error("REPEATS needs a positive count");
        if (v > 1_000_000) throw error("REPEATS count too large");
        return (int) v;
    }

    // ---------------------------------------------------------------- comparison level

    private ComparisonExpression orComparison() throws StixPatternException {
        List<ComparisonExpression> parts = new ArrayList<>();
        parts.add(andComparison());
        while (isKeyword("OR")) {
            advance();
            parts.add(andComparison());
        }
        return parts.size() == 1 ? parts.getFirst() : new Junction(ComparisonExpression.Op.OR, parts);
    }

    private ComparisonExpression andComparison() throws StixPatternException {
        List<ComparisonExpression> parts = new ArrayList<>();
        parts.add(test());
        while (isKeyword("AND")) {
            advance();
            parts.add(test());
        }
        return parts.size() == 1 ? parts.getFirst() : new Junction(ComparisonExpression.Op.AND, parts);
    }

    private ComparisonExpression test() throws StixPatternException {
        if (tok == T.LPAREN) {
            enter();
            advance();
            ComparisonExpression e = orComparison();
            expect(T.RPAREN, "')'");
            depth--;
            return e;
        }
        int at = tokStart;
        if (isKeyword("NOT") || isKeyword("EXISTS")) {
            boolean negated = false;
            if (isKeyword("NOT")) {
                negated = true;
                advance();
            }
            if (!isKeyword("EXISTS")) throw error("expected EXISTS but found " + describe());
            advance();
            return new Exists(path(), negated);
        }
        ObjectPath path = path();
        boolean negated = false;
        if (isKeyword("NOT")) {
            negated = true;
            advance();
        }
        int opAt = tokStart;
        ComparisonOperator op = switch (tok) {
            case EQ -> ComparisonOperator.EQ;
            case NEQ -> ComparisonOperator.NEQ;
            case LT -> ComparisonOperator.LT;
            case LE -> ComparisonOperator.LE;
            case GT -> ComparisonOperator.GT;
            case GE -> ComparisonOperator.GE;
            case IDENT -> switch (tokText) {
                case "IN" -> ComparisonOperator.IN;
                case "LIKE" -> ComparisonOperator.LIKE;
                case "MATCHES" -> ComparisonOperator.MATCHES;
                case "ISSUBSET" -> ComparisonOperator.ISSUBSET;
                case "ISSUPERSET" -> ComparisonOperator.ISSUPERSET;
                default -> throw error("expected a comparison operator but found " + describe());
            };
            default -> throw error("expected a comparison operator but found " + describe());
        };
        advance();
        Literal value;
        switch (op) {
            case IN -> value = set();
            case LIKE, MATCHES, ISSUBSET, ISSUPERSET -> {
                if (tok != T.STRING) throw error(op.symbol() + " needs a string literal but found " + describe());
                value = new Literal.Text(tokText);
                if (op == ComparisonOperator.MATCHES) checkRegex(tokText);
                advance();
            }
            case EQ, NEQ -> value = primitive();
            default -> {
                value = primitive();
                if (value instanceof Literal.Bool) throw new StixPatternException("booleans are not ordered", opAt);
            }
        }
        checkHash(path, op, value, at);
        return new Comparison(path, negated, op, value);
    }

    private Literal set() throws StixPatternException {
        int at = tokStart;
        expect(T.LPAREN, "'(' after IN");
        List<Literal> members = new ArrayList<>();
        if (tok != T.RPAREN) {
            members.add(primitive());
            while (tok == T.COMMA) {
                advance();
                members.add(primitive());
            }
        }
        expect(T.RPAREN, "')' or ','");
        Class<?> kind = null;
        for (Literal m : members) {
            Class<?> k = m instanceof Literal.Real ? Literal.Int.class : m.getClass();
            if (kind == null) kind = k;
            else if (kind != k) throw new StixPatternException("IN list mixes literals of different kinds", at);
        }
        return new Literal.Set(members);
    }

    private Literal primitive() throws StixPatternException {
        Literal l = switch (tok) {
            case STRING -> new Literal.Text(tokText);
            case INT -> new Literal.Int(longValue());
            case FLOAT -> {
                double d = Double.parseDouble(tokText);
                if (Double.isInfinite(d)) throw error("float out of range");
                yield new Literal.Real(d == 0.0 ? 0.0 : d);
            }
            case BYTES_B64 -> new Literal.Bytes(base64(tokText), false);
            case BYTES_HEX -> new Literal.Bytes(hex(tokText), true);
            case TIMESTAMP -> {
                if (StixTimestamps.parse(tokText) == null) throw error("not a STIX timestamp: '" + tokText + "'");
                yield new Literal.Timestamp(tokText);
            }
            case IDENT -> switch (tokText.toLowerCase(Locale.ROOT)) {
                case "true" -> new Literal.Bool(true);
                case "false" -> new Literal.Bool(false);
                default -> throw error("expected a literal but found " + describe());
            };
            default -> throw error("expected a literal but found " + describe());
        };
        advance();
        return l;
    }

    private long longValue() throws StixPatternException {
        String t = tokText.startsWith("+") ? tokText.substring(1) : tokText;
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error("integer out of range");
        }
    }

    private byte[] base64(String body) throws StixPatternException {
        int n = body.length();
        if (n == 0 || n % 4 != 0) throw error("base64 literal must be a non-empty multiple of 4 characters");
        for (int i = 0; i < n; i++) {
            char c = body.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || (c == '=' && i >= n - 2 && (i == n - 1 || body.charAt(n - 1) == '='));
            if (!ok) throw error("bad base64 literal");
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw error("bad base64 literal");
        }
    }

    private byte[] hex(String body) throws StixPatternException {
        if (body.length() % 2 != 0) throw error("hex literal needs an even number of digits");
        byte[] out = new byte[body.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexDigit(body.charAt(2 * i)), lo = hexDigit(body.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) throw error("bad hex literal");
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private ObjectPath path() throws StixPatternException {
        if (tok != T.IDENT || isReserved(tokText)) throw error("expected an object type but found " + describe());
        String type = tokText;
        advance();
        expect(T.COLON, "':' after the object type");
        List<ObjectPath.Step> steps = new ArrayList<>();
        if (tok == T.STRING) steps.add(new ObjectPath.Key(tokText));
        else if (tok == T.IDENT && !tokText.contains("-") && !isReserved(tokText)) steps.add(new ObjectPath.Key(tokText));
        else throw error("expected a property name but found " + describe());
        advance();
        while (true) {
            if (tok == T.DOT) {
                advance();
                if (tok == T.STRING) steps.add(new ObjectPath.Key(tokText));
                else if (tok == T.IDENT && !tokText.contains("-") && !isReserved(tokText)) steps.add(new ObjectPath.Key(tokText));
                else throw error("expected a property name after '.' but found " + describe());
                advance();
            } else if (tok == T.LBRACK) {
                advance();
                if (tok == T.STAR) steps.add(new ObjectPath.AnyIndex());
                else if (tok == T.INT && !tokText.startsWith("-")) {
                    long v = longValue();
                    if (v > Integer.MAX_VALUE) throw error("list index too large");
                    steps.add(new ObjectPath.Index((int) v));
                } else throw error("expected a list index or '*' but found " + describe());
                advance();
                expect(T.RBRACK, "']' after the list index");
            } else {
                break;
            }
            if (steps.size() > 256) throw error("object path too long");
        }
        return new ObjectPath(type, steps);
    }

    // ---------------------------------------------------------------- semantic checks

    private static final Map<String, Pattern> HASHES = Map.ofEntries(
            Map.entry("MD5", Pattern.compile("[0-9a-fA-F]{32}")),
            Map.entry("MD6", Pattern.compile("[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}")),
            Map.entry("RIPEMD160", Pattern.compile("[0-9a-fA-F]{40}")),
            Map.entry("SHA1", Pattern.compile("[0-9a-fA-F]{40}")),
            Map.entry("SHA224", Pattern.compile("[0-9a-fA-F]{56}")),
            Map.entry("SHA256", Pattern.compile("[0-9a-fA-F]{64}")),
            Map.entry("SHA384", Pattern.compile("[0-9a-fA-F]{96}")),
            Map.entry("SHA512", Pattern.compile("[0-9a-fA-F]{128}")),
            Map.entry("SHA3224", Pattern.compile("[0-9a-fA-F]{56}")),
            Map.entry("SHA3256", Pattern.compile("[0-9a-fA-F]{64}")),
            Map.entry("SHA3384", Pattern.compile("[0-9a-fA-F]{96}")),
            Map.entry("SHA3512", Pattern.compile("[0-9a-fA-F]{128}")),
            Map.entry("WHIRLPOOL", Pattern.compile("[0-9a-fA-F]{128}")),
            Map.entry("TLSH", Pattern.compile("(T1)?[0-9a-fA-F]{70}")),
            Map.entry("SSDEEP", Pattern.compile("[0-9]{1,20}:[a-zA-Z0-9/+]{0,64}:[a-zA-Z0-9/+]{0,64}(,\"[^\"]{0,1000}\")?")));

    /** A hash compared for equality must look like that algorithm's digest (what the reference validator enforces). */
    private static void checkHash(ObjectPath path, ComparisonOperator op, Literal value, int at) throws StixPatternException {
        if (op != ComparisonOperator.EQ && op != ComparisonOperator.NEQ && op != ComparisonOperator.IN) return;
        List<ObjectPath.Step> s = path.steps();
        if (s.size() < 2 || !(s.getLast() instanceof ObjectPath.Key alg) || !(s.get(s.size() - 2) instanceof ObjectPath.Key h)
                || !h.name().equals("hashes")) return;
        Pattern p = HASHES.get(alg.name().toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
        if (p == null) return;
        List<Literal> vals = value instanceof Literal.Set set ? set.members() : List.of(value);
        for (Literal v : vals) {
            if (v instanceof Literal.Text t && (t.value().length() > 2000 || !p.matcher(t.value()).matches()))
                throw new StixPatternException("'" + abbreviate(t.value()) + "' is not a valid " + alg.name() + " hash", at);
        }
    }

    private void checkRegex(String regex) throws StixPatternException {
        int d = 0, max = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') i++;
            else if (c == '(') max = Math.max(max, ++d);
            else if (c == ')') d--;
        }
        if (max > MAX_REGEX_GROUP_DEPTH) throw error("regular expression nests groups too deeply");
        try {
            Regexes.compile(regex);
        } catch (PatternSyntaxException e) {
            throw error("bad regular expression: " + abbreviate(e.getDescription()));
        } catch (RuntimeException | StackOverflowError e) {
            throw error("bad regular expression");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    // ---------------------------------------------------------------- tokens

    private static final java.util.Set<String> RESERVED = java.util.Set.of("AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUBSET",
            "ISSUPERSET", "IN", "EXISTS", "WITHIN", "SECONDS", "REPEATS", "TIMES", "START", "STOP", "true", "false");

    static boolean isReserved(String s) {
        return RESERVED.contains(s);
    }

    private boolean isKeyword(String k) {
        return tok == T.IDENT && tokText.equals(k);
    }

    private void enter() throws StixPatternException {
        if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
    }

    private void expect(T t, String what) throws StixPatternException {
        if (tok != t) throw error("expected " + what + " but found " + describe());
        advance();
    }

    private StixPatternException error(String msg) {
        return new StixPatternException(msg, tokStart);
    }

    private String describe() {
        return switch (tok) {
            case EOF -> "end of pattern";
            case STRING -> "string '" + abbreviate(tokText) + "'";
            case IDENT, INT, FLOAT -> "'" + abbreviate(tokText) + "'";
            default -> "'" + abbreviate(src.substring(tokStart, Math.min(src.length(), Math.max(pos, tokStart + 1)))) + "'";
        };
    }

    private void advance() throws StixPatternException {
        int n = src.length();
        while (pos < n && isSpace(src.charAt(pos))) pos++;
        tokStart = pos;
        tokText = null;
        if (pos >= n) {
            tok = T.EOF;
            return;
        }
        char c = src.charAt(pos);
        switch (c) {
            case '[' -> single(T.LBRACK);
            case ']' -> single(T.RBRACK);
            case '(' -> single(T.LPAREN);
            case ')' -> single(T.RPAREN);
            case ':' -> single(T.COLON);
            case '.' -> {
                if (pos + 1 < n && isDigit(src.charAt(pos + 1))) number();
                else single(T.DOT);
            }
            case ',' -> single(T.COMMA);
            case '*' -> single(T.STAR);
            case '=' -> {
                pos++;
                if (pos < n && src.charAt(pos) == '=') pos++;
                tok = T.EQ;
            }
            case '!' -> {
                if (pos + 1 < n && src.charAt(pos + 1) == '=') {
                    pos += 2;
                    tok = T.NEQ;
                } else throw new StixPatternException("unexpected '!'", pos);
            }
            case '<' -> {
                pos++;
                if (pos < n && src.charAt(pos) == '=') {
                    pos++;
                    tok = T.LE;
                } else if (pos < n && src.charAt(pos) == '>') {
                    pos++;
                    tok = T.NEQ;
                } else tok = T.LT;
            }
            case '>' -> {
                pos++;
                if (pos < n && src.charAt(pos) == '=') {
                    pos++;
                    tok = T.GE;
                } else tok = T.GT;
            }
            case '\'' -> {
                tokText = string(pos);
                tok = T.STRING;
            }
            case '+', '-' -> {
                if (pos + 1 < n && (isDigit(src.charAt(pos + 1)) || src.charAt(pos + 1) == '.')) number();
                else throw new StixPatternException("unexpected '" + c + "'", pos);
            }
            default -> {
                if (isDigit(c)) number();
                else if (isIdentStart(c)) identOrPrefixedLiteral();
                else throw new StixPatternException("unexpected character '" + printable(c) + "'", pos);
            }
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private void single(T t) {
        pos++;
        tok = t;
    }

    private void number() throws StixPatternException {
        int start = pos, n = src.length();
        if (src.charAt(pos) == '+' || src.charAt(pos) == '-') pos++;
        int intDigits = 0;
        while (pos < n && isDigit(src.charAt(pos))) {
            pos++;
            intDigits++;
        }
        boolean isFloat = false;
        if (pos < n && src.charAt(pos) == '.') {
            int fracStart = ++pos;
            while (pos < n && isDigit(src.charAt(pos))) pos++;
            if (pos == fracStart) throw new StixPatternException("a float needs digits after '.'", start);
            isFloat = true;
        } else if (intDigits == 0) {
            throw new StixPatternException("bad number", start);
        }
        if (pos < n && isIdentPart(src.charAt(pos))) throw new StixPatternException("bad number", start);
        if (pos - start > 400) throw new StixPatternException("number too long", start);
        tok = isFloat ? T.FLOAT : T.INT;
        tokText = src.substring(start, pos);
    }

    private void identOrPrefixedLiteral() throws StixPatternException {
        int start = pos, n = src.length();
        char c = src.charAt(pos);
        if ((c == 'b' || c == 'h' || c == 't') && pos + 1 < n && src.charAt(pos + 1) == '\'') {
            // prefixed literals allow no escapes: their bodies are base64, hex digits or a timestamp
            int end = src.indexOf('\'', pos + 2);
            if (end < 0) throw new StixPatternException("unterminated literal", start);
            tokText = src.substring(pos + 2, end);
            pos = end + 1;
            tok = c == 'b' ? T.BYTES_B64 : c == 'h' ? T.BYTES_HEX : T.TIMESTAMP;
            return;
        }
        while (pos < n && isIdentPart(src.charAt(pos))) pos++;
        tok = T.IDENT;
        tokText = src.substring(start, pos);
    }

    private String string(int start) throws StixPatternException {
        StringBuilder b = new StringBuilder();
        int i = start + 1, n = src.length();
        while (true) {
            if (i >= n) throw new StixPatternException("unterminated string", start);
            char c = src.charAt(i);
            if (c == '\'') break;
            if (c == '\\') {
                if (i + 1 < n && (src.charAt(i + 1) == '\'' || src.charAt(i + 1) == '\\')) {
                    b.append(src.charAt(i + 1));
                    i += 2;
                    continue;
                }
                throw new StixPatternException("only \\' and \\\\ may be escaped in a string", i);
            }
            b.append(c);
            i++;
        }
        pos = i + 1;
        return b.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '-';
    }
}
