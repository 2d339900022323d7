package dev.vigil.applayer;

/** A protocol's verdict on the first bytes a flow's side sent. */
public enum Probe {
    /** These bytes are this protocol. */
    MATCH,
    /** These bytes are not this protocol. */
    NO,
    /** Too few bytes, or the other side must speak first (an SMTP or FTP greeting alone): ask again with more. */
    NEED_MORE
}
