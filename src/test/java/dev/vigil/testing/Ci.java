package dev.vigil.testing;

/** True when running under CI ({@code CI=true}): missing tools and data fail instead of skipping. */
public final class Ci {
    private Ci() {}

    public static boolean active() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }
}
