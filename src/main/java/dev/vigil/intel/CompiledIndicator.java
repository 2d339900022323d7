package dev.vigil.intel;

import dev.vigil.detect.ioc.Atom;
import dev.vigil.detect.ioc.IndicatorInfo;
import java.util.List;

/**
 * A STIX indicator in the form the sensor matches: its alert description and its pattern as clauses
 * (any one clause; every atom of a clause in one record).
 */
public record CompiledIndicator(IndicatorInfo info, List<List<Atom>> clauses) {
    public CompiledIndicator {
        clauses = clauses.stream().map(List::copyOf).toList();
    }
}
