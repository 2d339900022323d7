/**
 * Persistent state: the embedded SQLite database under the data directory ({@code vigil.db}) or a
 * PostgreSQL server, one schema migrated by Flyway from {@code db/migration} on open.
 *
 * <p>{@link dev.vigil.store.Database} owns the connections; repositories take it:
 * {@link dev.vigil.store.StixRepository} (STIX object versions with TAXII 2.1 filters and cursor paging),
 * {@link dev.vigil.store.CollectionRepository}, {@link dev.vigil.store.StatusRepository}. The store
 * knows STIX only as plain fields plus the object's JSON: parsing and validating STIX is {@code intel}'s job.
 */
package dev.vigil.store;
