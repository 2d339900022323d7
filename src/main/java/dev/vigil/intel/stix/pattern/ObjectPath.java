package dev.vigil.intel.stix.pattern;

import java.util.List;

/** {@code type:first.key[0][*]._ref...}: an SCO type and the steps into it; the first step is always a {@link Key}. */
public record ObjectPath(String objectType, List<Step> steps) {
    public ObjectPath {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.getFirst() instanceof Key)) throw new IllegalArgumentException("path must start with a property");
    }

    public sealed interface Step {}

    public record Key(String name) implements Step {}

    public record Index(int index) implements Step {
        public Index {
            if (index < 0) throw new IllegalArgumentException("negative index");
        }
    }

    /** {@code [*]}: any element of a list. */
    public record AnyIndex() implements Step {}

    /** The last property name stepped through (ignoring list indexes), e.g. {@code value} for {@code x:a[*].value}. */
    public String lastKey() {
        for (int i = steps.size() - 1; i >= 0; i--) if (steps.get(i) instanceof Key k) return k.name();
        return "";
    }

    @Override
    public String toString() {
        return PatternPrinter.path(this);
    }
}
