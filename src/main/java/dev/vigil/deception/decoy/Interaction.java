package dev.vigil.deception.decoy;

/**
 * Who is talking to which decoy: the decoy's name and service, the session (one connection or one
 * login session), and the endpoints as seen by the decoy's socket.
 *
 * @param proto    transport as EVE names it (TCP, UDP)
 * @param appProto EVE's app_proto for the service (ssh, http, dns, ftp, telnet, redis, mysql)
 */
public record Interaction(String decoy, String service, String session, String srcIp, int srcPort, String destIp, int destPort,
                          String proto, String appProto) {

    /** The address part of a socket address, without the leading slash or a zone. */
    public static String address(java.net.SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress i && i.getAddress() != null) {
            String s = i.getAddress().getHostAddress();
            int zone = s.indexOf('%');
            return zone < 0 ? s : s.substring(0, zone);
        }
        return null;
    }

    public static int port(java.net.SocketAddress a) {
        return a instanceof java.net.InetSocketAddress i ? i.getPort() : 0;
    }

    /** An interaction between two socket addresses (remote: the intruder; local: the decoy). */
    public static Interaction of(String decoy, String service, String session, java.net.SocketAddress remote, java.net.SocketAddress local,
                                 String proto, String appProto) {
        return new Interaction(decoy, service, session, address(remote), port(remote), address(local), port(local), proto, appProto);
    }
}
