package dev.vigil.intel.tlp;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The five Traffic Light Protocol 2.0 levels, ordered from least to most restrictive, with the STIX
 * marking-definition ids that stand for them. TLP 1.0 WHITE is read as CLEAR and TLP 1.0 AMBER as AMBER (FIRST's
 * own mapping); 1.0 has no AMBER+STRICT. Ids are the OASIS ones verbatim: recipients only understand those.
 */
public enum TlpLevel {
    CLEAR("clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
    GREEN("green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
    AMBER("amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
    AMBER_STRICT("amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
    RED("red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    /** The TLP 2.0 STIX extension (property-extension) the 2.0 marking-definitions use. */
    public static final String TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    /** OpenCTI's own AMBER+STRICT statement marking, seen in the field before the OASIS one existed. */
    public static final String OPENCTI_AMBER_STRICT_ID = "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37";

    private static final Map<String, TlpLevel> BY_ID = Map.ofEntries(
            Map.entry(CLEAR.markingId, CLEAR),
            Map.entry(GREEN.markingId, GREEN),
            Map.entry(AMBER.markingId, AMBER),
            Map.entry(AMBER_STRICT.markingId, AMBER_STRICT),
            Map.entry(RED.markingId, RED),
            // TLP 1.0, predefined by STIX 2.1 core
            Map.entry("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", CLEAR),
            Map.entry("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", GREEN),
            Map.entry("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", AMBER),
            Map.entry("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", RED),
            Map.entry(OPENCTI_AMBER_STRICT_ID, AMBER_STRICT));

    private final String word;
    private final String markingId;

    TlpLevel(String word, String markingId) {
        this.word = word;
        this.markingId = markingId;
    }

    /** The TLP 2.0 marking-definition id to put in {@code object_marking_refs}. */
    public String markingId() {
        return markingId;
    }

    /** The lower-case word used by the TLP 2.0 extension ({@code tlp_2_0}) and MISP tags: {@code amber+strict}. */
    public String word() {
        return word;
    }

    /** The label as FIRST writes it: {@code TLP:AMBER+STRICT}. */
    public String label() {
        return "TLP:" + word.toUpperCase(Locale.ROOT);
    }

    public boolean isMoreRestrictiveThan(TlpLevel other) {
        return compareTo(other) > 0;
    }

    public static TlpLevel mostRestrictive(TlpLevel a, TlpLevel b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A TLP 1.0 or 2.0 marking-definition id known without seeing its definition object. */
    public static Optional<TlpLevel> fromMarkingId(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(BY_ID.get(id.toLowerCase(Locale.ROOT)));
    }

    /** True for the ids of {@link #fromMarkingId} — definitions nobody may redefine. */
    public static boolean isWellKnownMarkingId(String id) {
        return fromMarkingId(id).isPresent();
    }

    /**
     * Reads a level word with or without its prefix, in any case: {@code TLP:AMBER+STRICT}, {@code tlp:white},
     * {@code amber+strict}, {@code AMBER_STRICT}. MISP's other {@code tlp:} tags ({@code tlp:ex:chr},
     * {@code tlp:unclear}) are not levels and give empty.
     */
    public static Optional<TlpLevel> fromLabel(String label) {
        if (label == null) return Optional.empty();
        String s = label.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("tlp:")) s = s.substring(4).strip();
        else if (s.startsWith("tlp ")) s = s.substring(4).strip();
        return Optional.ofNullable(switch (s) {
            case "clear", "white" -> CLEAR;
            case "green" -> GREEN;
            case "amber" -> AMBER;
            case "amber+strict", "amber_strict", "amber-strict", "amber strict" -> AMBER_STRICT;
            case "red" -> RED;
            default -> null;
        });
    }

    /** A label or tag that says it is a TLP marking ({@code tlp:...}), whether or not the level is one we know. */
    public static boolean looksLikeTlpLabel(String label) {
        return label != null && label.strip().toLowerCase(Locale.ROOT).startsWith("tlp:");
    }
}
