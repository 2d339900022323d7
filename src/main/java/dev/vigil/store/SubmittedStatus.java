package dev.vigil.store;

/**
 * A stored status resource with its owner, as {@link StatusRepository#save(PostStatus, String, String)}
 * recorded it.
 *
 * @param apiRoot   the TAXII API root the POST went to, or null when saved without an owner
 * @param submitter the partner that made the POST, or null when saved without an owner
 */
public record SubmittedStatus(PostStatus status, String apiRoot, String submitter) {}
