package dev.vigil.detect.behavior.zeek;

import java.util.List;

/** One data row of a Zeek log, TSV or JSON alike, read by field name as {@code #fields} or the JSON keys name them. */
interface ZeekRow {
    /** The field's value: null when unset or absent, "" when set but empty. Escapes are already undone. */
    String text(String field);

    /** A set or vector field's elements; empty when unset, empty or absent. */
    List<String> list(String field);
}
