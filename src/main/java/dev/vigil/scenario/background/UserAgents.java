package dev.vigil.scenario.background;

/** The User-Agent each browser sends (TEMPORARY until the TLS profiles land). */
final class UserAgents {
    private UserAgents() {}

    static String of(String browser) {
        return switch (browser) {
            case "firefox" -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";
            case "edge" -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
            default -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        };
    }
}
