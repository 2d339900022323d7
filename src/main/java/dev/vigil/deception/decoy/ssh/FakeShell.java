package dev.vigil.deception.decoy.ssh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell an intruder gets on the SSH decoy: a command line in, plausible text out. Nothing is ever
 * executed; the commands an intruder reaches for first (where am I, who am I, what is here, what runs)
 * answer from the fake filesystem and fixed facts, download tools fail after saying they tried, and
 * anything else is not found. Every line is reported, every download URL and every decoy file read too.
 * Not thread-safe: one per session.
 */
public final class FakeShell {
    /** What the shell tells the decoy log. */
    public interface Events {
        void command(String line);

        void download(String line, String url);

        void fileRead(String path, long bytes);
    }

    /** Longest output one command gives: a binary document catted whole would flood the session. */
    static final int MAX_OUTPUT = 256 * 1024;
    private static final int HISTORY = 500;
    private static final Pattern URL = Pattern.compile("(?i)\\b((?:https?|ftp|tftp)://[^\\s'\";|&<>]+)");
    private static final Pattern SCP_SOURCE = Pattern.compile("\\b([\\w.-]+@[\\w.-]+:[^\\s]*)");

    private final String user;
    private final String hostname;
    private final FakeFilesystem fs;
    private final Events events;
    private final List<String> history = new ArrayList<>();
    /** What this session wrote (touch, echo > f, mkdir): shown back to it only, bounded, gone when it ends. */
    private final java.util.Map<String, byte[]> written = new java.util.TreeMap<>();
    private final java.util.Set<String> made = new java.util.TreeSet<>();
    private long writtenBytes;
    private static final int MAX_WRITTEN_FILES = 200;
    private static final long MAX_WRITTEN_BYTES = 256 * 1024;
    private static final int MAX_REDIRECTED_COMMAND = 4096;
    private static final Pattern REDIRECT = Pattern.compile("^(.*?)\\s*(>>?)\\s*([^\\s'\"<>]+)\\s*$");
    private String cwd;
    private boolean exited;

    public FakeShell(String user, String hostname, FakeFilesystem fs, Events events) {
        this.user = user;
        this.hostname = hostname;
        this.fs = fs;
        this.events = events;
        this.cwd = FakeFilesystem.home(user);
    }

    public String prompt() {
        String home = FakeFilesystem.home(user);
        String where = cwd.equals(home) ? "~" : cwd.startsWith(home + "/") ? "~" + cwd.substring(home.length()) : cwd;
        return user + "@" + hostname + ":" + where + (user.equals("root") ? "# " : "$ ");
    }

    public boolean exited() {
        return exited;
    }

    /** Runs one command line (as typed, without its line end) and returns what the terminal shows, lines ending in \n. */
    public String run(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) return "";
        events.command(trimmed);
        if (history.size() == HISTORY) history.removeFirst();
        history.add(trimmed);
        StringBuilder out = new StringBuilder();
        // ; && || and | all run each part here: what matters is that each part is answered
        for (String part : trimmed.split("\\s*(?:;|&&|\\|\\||\\|)\\s*")) {
            if (exited || out.length() >= MAX_OUTPUT) break;
            one(part.strip(), trimmed, out);
        }
        if (out.length() > MAX_OUTPUT) out.setLength(MAX_OUTPUT);
        return out.toString();
    }

    private void one(String cmd, String line, StringBuilder out) {
        if (cmd.isEmpty()) return;
        // a redirect only on a command of a plausible length: the pattern backtracks, and one level is enough
        Matcher r = cmd.indexOf('>') >= 0 && cmd.length() <= MAX_REDIRECTED_COMMAND ? REDIRECT.matcher(cmd) : null;
        if (r != null && r.matches() && !r.group(1).isEmpty() && !r.group(3).startsWith("&")) {
            StringBuilder captured = new StringBuilder();
            answer(r.group(1), line, captured);
            String target = r.group(3);
            if (target.equals("/dev/null")) return;
            write(FakeFilesystem.normalise(cwd, target), target, captured.toString(), r.group(2).equals(">>"), out);
            return;
        }
        answer(cmd, line, out);
    }

    private void answer(String cmd, String line, StringBuilder out) {
        List<String> args = words(cmd);
        if (args.isEmpty()) return;
        String name = args.getFirst();
        if (name.equals("sudo") && args.size() > 1) {
            out.append("[sudo] password for ").append(user).append(": \nSorry, try again.\n");
            return;
        }
        switch (name) {
            case "exit", "logout" -> {
                exited = true;
                out.append("logout\n");
            }
            case "pwd" -> out.append(cwd).append('\n');
            case "whoami" -> out.append(user).append('\n');
            case "id" -> out.append(user.equals("root") ? "uid=0(root) gid=0(root) groups=0(root)\n"
                    : "uid=1000(" + user + ") gid=1000(" + user + ") groups=1000(" + user + "),27(sudo),1001(backup)\n");
            case "hostname" -> out.append(hostname).append('\n');
            case "uname" -> out.append(args.contains("-a") ? "Linux " + hostname + " 6.8.0-48-generic #48-Ubuntu SMP PREEMPT_DYNAMIC Fri Sep 27 14:04:52 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n" : "Linux\n");
            case "cd" -> cd(args.size() > 1 ? args.get(1) : FakeFilesystem.home(user), out);
            case "ls", "ll", "dir" -> ls(args, out);
            case "cat", "head", "tail", "less", "more" -> cat(args, out);
            case "echo" -> out.append(String.join(" ", args.subList(1, args.size()))).append('\n');
            case "history" -> {
                for (int i = 0; i < history.size(); i++) out.append(String.format(Locale.ROOT, "%5d  %s%n", i + 1, history.get(i)));
            }
            case "w", "who" -> out.append(" 10:14:02 up 41 days,  3:12,  1 user,  load average: 0.08, 0.03, 0.01\nUSER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT\n")
                    .append(String.format(Locale.ROOT, "%-8s pts/0    10.10.0.5        10:13    0.00s  0.02s  0.00s w%n", user));
            case "ps", "top" -> out.append("    PID TTY          TIME CMD\n      1 ?        00:00:12 systemd\n    812 ?        00:00:00 sshd\n")
                    .append("    977 ?        00:01:41 postgres\n   1203 ?        00:00:03 cron\n   2210 pts/0    00:00:00 bash\n   2291 pts/0    00:00:00 ps\n");
            case "ifconfig", "ip" -> out.append("eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet 10.10.0.14  netmask 255.255.255.0  broadcast 10.10.0.255\n")
                    .append("        ether 52:54:00:3a:91:c2  txqueuelen 1000  (Ethernet)\n\nlo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask 255.0.0.0\n");
            case "env", "printenv" -> out.append("SHELL=/bin/bash\nUSER=").append(user).append("\nHOME=").append(FakeFilesystem.home(user))
                    .append("\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nLANG=en_US.UTF-8\n");
            case "wget", "curl", "tftp", "ftp", "scp", "rsync", "nc", "ncat" -> download(name, cmd, line, out);
            case "touch" -> {
                for (String a : args.subList(1, args.size())) {
                    String p = FakeFilesystem.normalise(cwd, a);
                    if (!a.startsWith("-") && read(p) == null) write(p, a, "", true, out);
                }
            }
            case "mkdir" -> {
                for (String a : args.subList(1, args.size())) {
                    if (a.startsWith("-")) continue;
                    String p = FakeFilesystem.normalise(cwd, a);
                    if (isDirectory(p) || read(p) != null) out.append("mkdir: cannot create directory '").append(a).append("': File exists\n");
                    else if (!isDirectory(parent(p))) out.append("mkdir: cannot create directory '").append(a).append("': No such file or directory\n");
                    else if (made.size() + written.size() < MAX_WRITTEN_FILES) made.add(p);
                    else out.append("mkdir: cannot create directory '").append(a).append("': No space left on device\n");
                }
            }
            case "rm" -> {
                for (String a : args.subList(1, args.size())) {
                    if (a.startsWith("-")) continue;
                    String p = FakeFilesystem.normalise(cwd, a);
                    byte[] gone = written.remove(p);
                    if (gone != null) writtenBytes -= gone.length;
                    else if (!made.remove(p)) out.append("rm: cannot remove '").append(a).append(read(p) != null || isDirectory(p) ? "': Permission denied\n" : "': No such file or directory\n");
                }
            }
            case "clear" -> out.append("\u001b[H\u001b[2J");
            case "true", ":" -> { }
            default -> out.append("-bash: ").append(name).append(": command not found\n");
        }
    }

    private void download(String name, String cmd, String line, StringBuilder out) {
        Matcher m = URL.matcher(cmd);
        String url = m.find() ? m.group(1) : null;
        if (url == null) {
            Matcher s = SCP_SOURCE.matcher(cmd);
            if (s.find()) url = "scp://" + s.group(1);
        }
        if (url == null) {
            out.append(name).append(": missing URL\n");
            return;
        }
        events.download(line, url);
        String host = url.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("[/:].*$", "");
        switch (name) {
            case "wget" -> out.append("--").append("2024-11-28 10:14:07--  ").append(url).append("\nResolving ").append(host).append(" (").append(host)
                    .append(")... failed: Temporary failure in name resolution.\nwget: unable to resolve host address '").append(host).append("'\n");
            case "curl" -> out.append("curl: (6) Could not resolve host: ").append(host).append('\n');
            default -> out.append(name).append(": ").append(host).append(": Temporary failure in name resolution\n");
        }
    }

    private void write(String p, String shown, String text, boolean append, StringBuilder out) {
        if (isDirectory(p)) {
            out.append("-bash: ").append(shown).append(": Is a directory\n");
            return;
        }
        if (!isDirectory(parent(p))) {
            out.append("-bash: ").append(shown).append(": No such file or directory\n");
            return;
        }
        if (fs.read(p) != null && !written.containsKey(p)) {
            // the decoy's own files stay as they are for everyone: the intruder lacks the rights
            out.append("-bash: ").append(shown).append(": Permission denied\n");
            return;
        }
        byte[] old = written.getOrDefault(p, new byte[0]);
        byte[] add = text.getBytes(StandardCharsets.UTF_8);
        byte[] now = append ? java.util.Arrays.copyOf(old, old.length + add.length) : add;
        if (append) System.arraycopy(add, 0, now, old.length, add.length);
        long after = writtenBytes - old.length + now.length;
        if (after > MAX_WRITTEN_BYTES || !written.containsKey(p) && made.size() + written.size() >= MAX_WRITTEN_FILES) {
            out.append("-bash: ").append(shown).append(": No space left on device\n");
            return;
        }
        written.put(p, now);
        writtenBytes = after;
    }

    private static String parent(String p) {
        int i = p.lastIndexOf('/');
        return i <= 0 ? "/" : p.substring(0, i);
    }

    private byte[] read(String p) {
        byte[] b = written.get(p);
        return b != null ? b : fs.read(p);
    }

    private boolean isDirectory(String p) {
        return made.contains(p) || fs.isDirectory(p);
    }

    private List<String> list(String dir) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(fs.isDirectory(dir) ? fs.list(dir) : List.of());
        String prefix = dir.equals("/") ? "/" : dir + "/";
        for (String p : written.keySet()) if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) names.add(p.substring(prefix.length()));
        for (String p : made) if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) names.add(p.substring(prefix.length()) + "/");
        return List.copyOf(names);
    }

    private void cd(String target, StringBuilder out) {
        String p = target.equals("~") ? FakeFilesystem.home(user) : FakeFilesystem.normalise(cwd, target.startsWith("~/") ? FakeFilesystem.home(user) + target.substring(1) : target);
        if (isDirectory(p)) cwd = p;
        else if (read(p) != null) out.append("-bash: cd: ").append(target).append(": Not a directory\n");
        else out.append("-bash: cd: ").append(target).append(": No such file or directory\n");
    }

    private void ls(List<String> args, StringBuilder out) {
        boolean longForm = args.getFirst().equals("ll");
        List<String> targets = new ArrayList<>();
        for (String a : args.subList(1, args.size())) {
            if (a.startsWith("-")) longForm |= a.contains("l");
            else targets.add(a);
        }
        if (targets.isEmpty()) targets.add(".");
        for (String t : targets) {
            String p = FakeFilesystem.normalise(cwd, t);
            if (read(p) != null) {
                out.append(longForm ? entry(p, p.substring(p.lastIndexOf('/') + 1)) : t + "\n");
                continue;
            }
            if (!isDirectory(p)) {
                out.append("ls: cannot access '").append(t).append("': No such file or directory\n");
                continue;
            }
            List<String> names = list(p);
            if (longForm) {
                out.append("total ").append(names.size() * 4).append('\n');
                for (String n : names) out.append(entry(FakeFilesystem.normalise(p, n), n));
            } else if (!names.isEmpty()) {
                out.append(String.join("  ", names.stream().map(n -> n.endsWith("/") ? n.substring(0, n.length() - 1) : n).toList())).append('\n');
            }
            if (out.length() >= MAX_OUTPUT) return;
        }
    }

    private String entry(String path, String name) {
        boolean dir = name.endsWith("/");
        String shown = dir ? name.substring(0, name.length() - 1) : name;
        return String.format(Locale.ROOT, "%s 1 %-6s %-6s %8d Nov 12 09:41 %s%n", dir ? "drwxr-xr-x" : "-rw-r--r--", user, user, dir ? 4096 : read(path) == null ? 0 : read(path).length, shown);
    }

    private void cat(List<String> args, StringBuilder out) {
        for (String a : args.subList(1, args.size())) {
            if (a.startsWith("-")) continue;
            String p = FakeFilesystem.normalise(cwd, a);
            byte[] b = read(p);
            if (b == null) {
                out.append(args.getFirst()).append(": ").append(a).append(isDirectory(p) ? ": Is a directory\n" : ": No such file or directory\n");
                continue;
            }
            // what the intruder wrote itself is no decoy document read
            if (!written.containsKey(p)) events.fileRead(p, b.length);
            out.append(new String(b, 0, Math.min(b.length, MAX_OUTPUT), StandardCharsets.ISO_8859_1));
            if (b.length > 0 && b[b.length - 1] != '\n') out.append('\n');
        }
    }

    /** Splits a command into words: spaces separate, quotes group (no expansion). */
    static List<String> words(String cmd) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < cmd.length(); i++) {
            char c = cmd.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0 || any) w.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else cur.append(c);
        }
        if (cur.length() > 0 || any) w.add(cur.toString());
        return w;
    }
}
