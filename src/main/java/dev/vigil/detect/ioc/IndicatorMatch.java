package dev.vigil.detect.ioc;

/** An indicator that matched a record: through which field and which observed value. */
public record IndicatorMatch(IndicatorInfo indicator, IndicatorField field, String value) {}
