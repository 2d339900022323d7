package dev.vigil.intel.stix.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.intel.stix.pattern.ObservationExpression.Combination;
import dev.vigil.intel.stix.pattern.ObservationExpression.Observation;
import dev.vigil.intel.stix.pattern.ObservationExpression.Qualified;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a STIX pattern against observed-data, with the semantics of the OASIS reference matcher (see
 * {@link ComparisonEvaluator} for values, {@link BindingSearch} for the observation operators and qualifiers).
 * Input: JSON nodes, each a STIX 2.1 bundle (observed-data with object_refs into the bundle), a 2.0 observed-data
 * with an embedded objects dictionary, or loose 2.1 observed-data and SCOs. Thread-safe; reusable.
 */
public final class PatternMatcher {
    /** Default bounds on the binding search: steps taken and bindings kept. */
    public static final long DEFAULT_MAX_STEPS = 5_000_000, DEFAULT_MAX_BINDINGS = 500_000;
    /** At most this many observations after number_observed expansion. */
    public static final int MAX_OBSERVATIONS = 100_000;

    private final StixPattern pattern;
    private final List<Observation> observations;
    private final long bindingLimit;
    private final long bindingMinimum;
    private final long maxSteps;
    private final long maxBindings;
    private final ComparisonEvaluator evaluator;

    public PatternMatcher(StixPattern pattern) {
        this(pattern, DEFAULT_MAX_STEPS, DEFAULT_MAX_BINDINGS);
    }

    public PatternMatcher(StixPattern pattern, long maxSteps, long maxBindings) {
        this.pattern = pattern;
        this.observations = pattern.observations();
        this.bindingLimit = bindingSize(pattern.root(), false);
        this.bindingMinimum = bindingSize(pattern.root(), true);
        this.maxSteps = maxSteps;
        this.maxBindings = maxBindings;
        this.evaluator = new ComparisonEvaluator(pattern);
    }

    public StixPattern pattern() {
        return pattern;
    }

    /** Whether the observations satisfy the pattern. */
    public boolean matches(List<JsonNode> input) throws PatternMatchException {
        List<ObservedData> data = ObservedData.read(input);
        // An observed-data standing for more observations than a binding can use need not be expanded further.
        long total = 0;
        int[] copies = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            copies[i] = (int) Math.min(data.get(i).numberObserved(), bindingLimit);
            total += copies[i];
            if (total > MAX_OBSERVATIONS) throw new PatternMatchException("more than " + MAX_OBSERVATIONS + " observations");
        }
        if (total < bindingMinimum) return false; // needs more distinct observations than there are
        long[] first = new long[(int) total], last = new long[(int) total];
        int[] start = new int[data.size()];
        for (int i = 0, o = 0; i < data.size(); i++) {
            start[i] = o;
            for (int k = 0; k < copies[i]; k++, o++) {
                first[o] = data.get(i).firstMicros();
                last[o] = data.get(i).lastMicros();
            }
        }
        List<int[]> candidates = new ArrayList<>(observations.size());
        for (Observation obs : observations) {
            List<Integer> c = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                if (evaluator.matches(obs.comparison(), data.get(i))) for (int k = 0; k < copies[i]; k++) c.add(start[i] + k);
            }
            candidates.add(c.stream().mapToInt(Integer::intValue).toArray());
        }
        try {
            return new BindingSearch(first, last, maxSteps, maxBindings).exists(pattern.root(), candidates);
        } catch (BindingSearch.Exhausted e) {
            throw new PatternMatchException(e.getMessage());
        }
    }

    /** The most (or, with {@code least}, the fewest) observations one binding of {@code e} uses. */
    private static long bindingSize(ObservationExpression e, boolean least) {
        long s = switch (e) {
            case Observation o -> 1;
            case Combination c -> {
                long acc = 0;
                for (ObservationExpression x : c.operands()) {
                    long v = bindingSize(x, least);
                    if (c.op() != ObservationExpression.Op.OR) acc += v;
                    else acc = x == c.operands().getFirst() ? v : least ? Math.min(acc, v) : Math.max(acc, v);
                }
                yield acc;
            }
            case Qualified q -> bindingSize(q.expression(), least) * (q.qualifier() instanceof Qualifier.Repeats r ? r.times() : 1);
        };
        return Math.min(s, MAX_OBSERVATIONS + 1L);
    }
}
