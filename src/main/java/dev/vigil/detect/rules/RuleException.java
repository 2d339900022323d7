package dev.vigil.detect.rules;

/**
 * Why one rule cannot be loaded: the reason and, when one keyword is to blame, its name, so that
 * {@code vigil rules check} can group rejections by keyword.
 */
public final class RuleException extends Exception {
    private final String keyword;

    public RuleException(String keyword, String reason) {
        super(reason);
        this.keyword = keyword;
    }

    /** The keyword at fault, or null when the rule's header or overall form is. */
    public String keyword() { return keyword; }
}
