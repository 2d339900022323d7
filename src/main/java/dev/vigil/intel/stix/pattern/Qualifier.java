package dev.vigil.intel.stix.pattern;

import java.math.BigDecimal;

/** A qualifier on an observation expression; one of each kind at most per expression. */
public sealed interface Qualifier {

    /** {@code WITHIN n SECONDS}, n positive. */
    record Within(BigDecimal seconds) implements Qualifier {}

    /** {@code REPEATS n TIMES}, n positive. */
    record Repeats(int times) implements Qualifier {}

    /** {@code START t'…' STOP t'…'}; a stop not after the start parses but never matches. */
    record StartStop(Literal.Timestamp start, Literal.Timestamp stop) implements Qualifier {}
}
