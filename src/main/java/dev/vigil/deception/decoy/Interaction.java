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

    /**
     * The address part of a socket address, without the leading slash or a zone; IPv6 as eight four-digit
     * groups, the form the EVE schema (and Suricata) uses, not Java's compressed one.
     */
    public static String address(java.net.SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress i && i.getAddress() != null) {
            if (i.getAddress() instanceof java.net.Inet6Address v6) {
                byte[] b = v6.getAddress();
                StringBuilder s = new StringBuilder(39);
                for (int g = 0; g < 8; g++) {
                    if (g > 0) s.append(':');
                    s.append(String.format("%04x", (b[2 * g] & 0xff) << 8 | b[2 * g + 1] & 0xff));
                }
                return s.toString();
            }
            return i.getAddress().getHostAddress();
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
