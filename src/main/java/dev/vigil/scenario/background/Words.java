package dev.vigil.scenario.background;

import java.util.random.RandomGenerator;

/** Plausible paths, file names and subjects for generated traffic. */
final class Words {
    private static final String[] NOUNS = ("news article report products services about contact support docs blog search "
            + "results account settings policy meeting minutes budget forecast roadmap invoice contract proposal design "
            + "review plan schedule training guide manual summary notes presentation agenda").split(" ");
    private static final String[] EXT = {".docx", ".xlsx", ".pdf", ".pptx", ".txt"};

    private Words() {}

    static String slug(RandomGenerator r) {
        return NOUNS[r.nextInt(NOUNS.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)];
    }

    static String path(RandomGenerator r) {
        int depth = r.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) sb.append(NOUNS[r.nextInt(NOUNS.length)]).append('/');
        sb.append(slug(r));
        if (r.nextBoolean()) sb.append(".html");
        return sb.toString();
    }

    static String document(RandomGenerator r) {
        String n = NOUNS[r.nextInt(NOUNS.length)];
        return Character.toUpperCase(n.charAt(0)) + n.substring(1) + "_" + NOUNS[r.nextInt(NOUNS.length)] + "_" + (2020 + r.nextInt(7))
                + EXT[r.nextInt(EXT.length)];
    }

    static String subject(RandomGenerator r) {
        String n = NOUNS[r.nextInt(NOUNS.length)];
        return Character.toUpperCase(n.charAt(0)) + n.substring(1) + " " + NOUNS[r.nextInt(NOUNS.length)] + " for next week";
    }
}
