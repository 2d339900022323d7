package dev.vigil.detect.engine;

import dev.vigil.detect.rules.Content;

/**
 * A content whose offset, depth, distance or within names a variable: the slots to read them from
 * (-1 where the content gives a number or nothing).
 */
record VarContent(Content content, int offsetSlot, int depthSlot, int distanceSlot, int withinSlot) {}
