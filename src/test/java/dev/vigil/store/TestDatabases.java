package dev.vigil.store;

import dev.vigil.testing.TestPostgres;
import java.nio.file.Path;

/** Opens a fresh, migrated store of either vendor for one test. */
final class TestDatabases {
    private TestDatabases() {}

    static Database open(Database.Vendor vendor, Path tempDir) {
        return switch (vendor) {
            case SQLITE -> Database.sqlite(tempDir.resolve("data"));
            case POSTGRESQL -> Database.postgresql(TestPostgres.freshSchemaUrl(), TestPostgres.user(), "");
        };
    }
}
