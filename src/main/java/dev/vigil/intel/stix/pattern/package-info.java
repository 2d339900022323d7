/**
 * STIX 2.1 patterning: {@link dev.vigil.intel.stix.pattern.StixPattern#parse(String)} turns indicator pattern text
 * into an immutable tree ({@link dev.vigil.intel.stix.pattern.ObservationExpression},
 * {@link dev.vigil.intel.stix.pattern.ComparisonExpression}, {@link dev.vigil.intel.stix.pattern.Literal},
 * {@link dev.vigil.intel.stix.pattern.ObjectPath}) whose {@code toString()} is a canonical pattern, and
 * {@link dev.vigil.intel.stix.pattern.PatternMatcher} evaluates a pattern against observed-data with the semantics of
 * the OASIS reference matcher. Both bound their work: hostile patterns and data end in
 * {@link dev.vigil.intel.stix.pattern.StixPatternException} or {@link dev.vigil.intel.stix.pattern.PatternMatchException}.
 */
package dev.vigil.intel.stix.pattern;
