package dev.vigil.intel.taxii;

import dev.vigil.store.Database;
import dev.vigil.testing.TestPostgres;

/** The same checks on PostgreSQL (a throwaway server; skipped loudly where PostgreSQL is missing). */
class StoreTaxiiBackendPostgresTest extends StoreTaxiiBackendTest {
    @Override
    protected Database openDatabase() {
        return Database.postgresql(TestPostgres.freshSchemaUrl(), TestPostgres.user(), "");
    }
}
