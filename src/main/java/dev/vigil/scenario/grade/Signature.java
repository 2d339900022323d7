package dev.vigil.scenario.grade;

/** A signature that found an activity, and how many of its alerts did: the analyst's "what fired". */
public record Signature(long id, String name, long alerts) {}
