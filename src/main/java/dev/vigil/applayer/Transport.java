package dev.vigil.applayer;

/** Which transports an application protocol runs over. */
public enum Transport {
    TCP, UDP, BOTH;

    public boolean tcp() { return this != UDP; }
    public boolean udp() { return this != TCP; }
}
