package dev.vigil.intel.stix.pattern;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A literal on the right-hand side of a comparison. */
public sealed interface Literal {

    record Text(String value) implements Literal {}

    record Int(long value) implements Literal {}

    record Real(double value) implements Literal {}

    record Bool(boolean value) implements Literal {}

    /** {@code b'base64'} or {@code h'hex'}; {@code hex} only remembers how it was written. */
    record Bytes(byte[] value, boolean hex) implements Literal {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        byte[] raw() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && b.hex == hex && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value) * 31 + (hex ? 1 : 0);
        }

        @Override
        public String toString() {
            return PatternPrinter.literal(this);
        }
    }

    /** {@code t'…'}, kept as written (already validated); {@link #instant()} resolves out-of-month days leniently. */
    record Timestamp(String text) implements Literal {
        public Instant instant() {
            return StixTimestamps.parse(text);
        }
    }

    /** The parenthesised list of {@code IN}; all members of one kind (ints and floats mix). */
    record Set(List<Literal> members) implements Literal {
        public Set {
            members = List.copyOf(members);
        }
    }
}
