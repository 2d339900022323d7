/**
 * MISP -> STIX 2.1: events ({@link dev.vigil.intel.misp.MispEventImporter}), feeds
 * ({@link dev.vigil.intel.misp.MispFeedReader}, {@link dev.vigil.intel.misp.FeedHashes}), warninglists as a
 * false-positive filter ({@link dev.vigil.intel.misp.Warninglists}) and plain/CSV indicator lists
 * ({@link dev.vigil.intel.misp.IndicatorListImporter}). Output is Jackson {@code ObjectNode}s, to be validated and
 * stored by {@code intel.stix}.
 *
 * <p>Decisions worth knowing when integrating:
 * <ul>
 *   <li>ids are deterministic: MISP uuids are reused for the event container, identity, indicators,
 *       observed-data and galaxy SDOs; SCOs get STIX UUIDv5 ids over their id-contributing properties;
 *       relationships and list indicators get UUIDv5 ids in our own namespace. Re-import is idempotent;</li>
 *   <li>a MISP event is always a {@code grouping} unless {@code publishedAsReport} is set (the id's type must
 *       not change when an event is published later);</li>
 *   <li>TLP tags: {@code tlp:white} -> the STIX TLP 1.0 white id, every other level -> the OASIS TLP 2.0 ids,
 *       unknown {@code tlp:} levels -> RED; the marking-definition objects travel with the output;</li>
 *   <li>JA3/HASSH have no STIX property: patterns use {@code network-traffic:x_misp_ja3_fingerprint_md5} etc.,
 *       which the indicator compiler must know;</li>
 *   <li>a feed's {@code hashes.csv} holds md5s <em>of attribute values</em>, so it is a lookup index, not a
 *       source of file-hash indicators; hash lists are imported with {@code IndicatorListImporter}.</li>
 * </ul>
 */
package dev.vigil.intel.misp;
