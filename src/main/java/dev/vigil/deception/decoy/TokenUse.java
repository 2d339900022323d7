package dev.vigil.deception.decoy;

/** A honeytoken that an interaction used: its id, type and the memo its owner wrote when planting it. */
public record TokenUse(String id, String type, String memo) {}
