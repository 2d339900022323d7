package dev.vigil.deception.decoy.ssh;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The files an intruder finds on the SSH decoy: the decoy documents the operator gives (absolute path to
 * content) over a plausible Linux skeleton. Read-only and shared by every session: nothing an intruder
 * does changes what the next one sees.
 */
public final class FakeFilesystem {
    private final NavigableMap<String, byte[]> files = new TreeMap<>();
    private final TreeSet<String> dirs = new TreeSet<>();

    /** @param documents absolute path to content; the user's home directory and the skeleton are added around them */
    public FakeFilesystem(String user, String hostname, Map<String, byte[]> documents) {
        put("/etc/hostname", hostname + "\n");
        put("/etc/os-release", "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.1 LTS (Noble Numbat)\"\nID=ubuntu\nID_LIKE=debian\n");
        put("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
                + "sys:x:3:3:sys:/dev:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
                + "sshd:x:106:65534::/run/sshd:/usr/sbin/nologin\n" + (user.equals("root") ? "" : user + ":x:1000:1000:" + user + ",,,:/home/" + user + ":/bin/bash\n"));
        put("/etc/issue", "Ubuntu 24.04.1 LTS \\n \\l\n");
        put(home(user) + "/.bash_history", "ls -la\ncd /srv/backup\nsudo systemctl status backup.timer\n");
        put(home(user) + "/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n");
        for (String d : new String[] {"/bin", "/boot", "/dev", "/etc", "/home", "/opt", "/proc", "/root", "/srv", "/tmp", "/usr", "/var", "/var/log", "/var/www"}) dirs.add(d);
        for (Map.Entry<String, byte[]> e : documents.entrySet()) {
            String p = normalise("/", e.getKey());
            if (p.equals("/")) continue;
            files.put(p, e.getValue());
            parents(p);
        }
        dirs.add("/");
    }

    static String home(String user) {
        return user.equals("root") ? "/root" : "/home/" + user;
    }

    private void put(String path, String text) {
        files.put(path, text.getBytes(StandardCharsets.UTF_8));
        parents(path);
    }

    private void parents(String path) {
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) dirs.add(path.substring(0, i));
    }

    /** {@code path} resolved against {@code cwd}, with {@code .}, {@code ..} and repeated slashes removed; never above the root. */
    public static String normalise(String cwd, String path) {
        String full = path.startsWith("/") ? path : cwd + "/" + path;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String p : full.split("/+")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else parts.addLast(p);
        }
        return "/" + String.join("/", parts);
    }

    public boolean isDirectory(String path) {
        return dirs.contains(path);
    }

    /** The file's content, or null when there is no such file. */
    public byte[] read(String path) {
        return files.get(path);
    }

    /** The names directly inside {@code dir}, directories with a trailing slash, sorted. */
    public java.util.List<String> list(String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String d : dirs.tailSet(prefix, false)) {
            if (!d.startsWith(prefix)) break;
            String rest = d.substring(prefix.length());
            if (!rest.isEmpty() && rest.indexOf('/') < 0) names.add(rest + "/");
        }
        for (String f : files.tailMap(prefix, false).keySet()) {
            if (!f.startsWith(prefix)) break;
            String rest = f.substring(prefix.length());
            if (rest.indexOf('/') < 0) names.add(rest);
        }
        return java.util.List.copyOf(names);
    }

    public long size(String path) {
        byte[] b = files.get(path);
        return b == null ? 4096 : b.length;
    }

    public Map<String, byte[]> files() {
        return Collections.unmodifiableMap(files);
    }
}
