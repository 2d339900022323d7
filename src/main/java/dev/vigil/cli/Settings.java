package dev.vigil.cli;

import dev.vigil.flow.FlowQueue;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.stream.OverlapPolicy;
import java.util.Locale;

/** {@code --set KEY=VALUE} overrides, in Suricata's key names where Suricata has the setting. */
final class Settings {
    private Settings() {}

    /** Applies one override; returns a note for the user when the key is unknown or ignored, else null. */
    static String apply(String kv, SensorConfig c) {
        int eq = kv.indexOf('=');
        if (eq <= 0) return "--set " + kv + ": expected KEY=VALUE; ignored";
        String key = kv.substring(0, eq).trim();
        String value = kv.substring(eq + 1).trim();
        try {
            switch (key) {
                case "flow.memcap" -> c.flow.memcap = size(value);
                case "defrag.memcap" -> c.defragMemcap = size(value);
                case "outputs.eve-log.community-id", "community-id" -> c.communityId = bool(value);
                case "stream.midstream" -> c.flow.midstream = bool(value);
                case "stream.inline" -> c.stream.inline = bool(value);
                case "stream.reassembly.depth" -> c.stream.depth = sizeOrZero(value);
                case "stream.reassembly.memcap" -> c.stream.memcap = size(value);
                case "stream.reassembly.policy", "host-os-policy.default" -> c.stream.policy = OverlapPolicy.parse(value);
                case "app-layer.enabled" -> c.appLayer = bool(value);
                case "classification-file" -> c.classificationFile = java.nio.file.Path.of(value);
                default -> {
                    if (key.startsWith("outputs.eve-log.types.")) {
                        // e.g. outputs.eve-log.types.dns.version=2: handed to the protocol of that name
                        c.app.settings.put(key.substring("outputs.eve-log.types.".length()), value);
                        return null;
                    }
                    if (key.startsWith("app-layer.protocols.") && key.endsWith(".enabled")) {
                        String proto = key.substring("app-layer.protocols.".length(), key.length() - ".enabled".length());
                        if (bool(value)) c.app.disabled.remove(proto); else c.app.disabled.add(proto);
                        return null;
                    }
                    if (key.startsWith("app-layer.protocols.") && key.endsWith(".stream-depth")) {
                        String proto = key.substring("app-layer.protocols.".length(), key.length() - ".stream-depth".length());
                        c.app.streamDepths.put(proto, sizeOrZero(value));
                        return null;
                    }
                    if (key.startsWith("flow-timeouts.")) return timeout(key, value, c);
                    return "--set " + key + ": not a Vigil setting yet; ignored";
                }
            }
        } catch (IllegalArgumentException e) {
            return "--set " + kv + ": " + e.getMessage() + "; ignored";
        }
        return null;
    }

    private static String timeout(String key, String value, SensorConfig c) {
        String[] p = key.split("\\.");
        if (p.length != 3) return "--set " + key + ": expected flow-timeouts.<proto>.<state>; ignored";
        long secs = Long.parseLong(value);
        int[] queues = switch (p[1] + "." + p[2].replace("emergency-", "")) {
            case "tcp.new" -> new int[] {FlowQueue.TCP_NEW};
            case "tcp.established" -> new int[] {FlowQueue.TCP_ESTABLISHED};
            case "tcp.closed" -> new int[] {FlowQueue.TCP_CLOSED};
            case "udp.new" -> new int[] {FlowQueue.UDP_NEW};
            case "udp.established" -> new int[] {FlowQueue.UDP_ESTABLISHED};
            case "icmp.new" -> new int[] {FlowQueue.ICMP_NEW};
            case "icmp.established" -> new int[] {FlowQueue.ICMP_ESTABLISHED};
            case "default.new" -> new int[] {FlowQueue.OTHER_NEW};
            case "default.established" -> new int[] {FlowQueue.OTHER_ESTABLISHED};
            default -> null;
        };
        if (queues == null) return "--set " + key + ": unknown flow timeout; ignored";
        boolean emergency = p[2].startsWith("emergency-");
        for (int q : queues) {
            if (emergency) c.flow.set(q, c.flow.timeoutSeconds(q), secs);
            else c.flow.set(q, secs, c.flow.emergencyTimeoutSeconds(q));
        }
        return null;
    }

    static long size(String v) {
        String s = v.toLowerCase(Locale.ROOT).replace(" ", "");
        long mul = 1;
        if (s.endsWith("kb")) { mul = 1L << 10; s = s.substring(0, s.length() - 2); }
        else if (s.endsWith("mb")) { mul = 1L << 20; s = s.substring(0, s.length() - 2); }
        else if (s.endsWith("gb")) { mul = 1L << 30; s = s.substring(0, s.length() - 2); }
        else if (s.endsWith("b")) s = s.substring(0, s.length() - 1);
        long n = Long.parseLong(s);
        if (n <= 0) throw new IllegalArgumentException("size must be positive");
        return n * mul;
    }

    /** A size, where 0 means no limit (Suricata's reassembly depth). */
    static long sizeOrZero(String v) {
        return v.trim().equals("0") ? 0 : size(v);
    }

    static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + v);
        };
    }
}
