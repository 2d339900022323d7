package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static dev.vigil.detect.behavior.Events.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SmbAccess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LateralMovementTest {
    private static final HomeNet HOME = new HomeNet(List.of("10.0.0.0/8"));

    private static SmbAccess smb(double t, String command, String share, String file, String disposition) {
        return new SmbAccess(at(t), "10.20.1.18", 50123, "10.10.0.21", 445, command, "STATUS_SUCCESS", share, file, disposition, null, null, null);
    }

    private static List<NetworkEvent> psexec(String share, String exe, String pipe) {
        List<NetworkEvent> e = new ArrayList<>();
        e.add(new SmbAccess(at(0), "10.20.1.18", 50123, "10.10.0.21", 445, "SESSION_SETUP", "STATUS_SUCCESS", null, null, null, "adm-tnovak", "CORP", "WS-ENG-009"));
        e.add(smb(1, "TREE_CONNECT", share, null, null));
        e.add(smb(2, "CREATE", share, exe, "FILE_OVERWRITE_IF"));
        e.add(smb(3, "WRITE", share, exe, null));
        e.add(smb(4, "TREE_CONNECT", "\\\\FS02\\IPC$", null, null));
        e.add(smb(5, "CREATE", "\\\\FS02\\IPC$", pipe, "FILE_OPEN"));
        return e;
    }

    @Test
    void executableOnAdminShareAndServiceControlPipeIsRemoteServiceCreation() {
        List<Finding> f = run(new LateralMovement(new LateralMovement.Settings(), HOME), psexec("\\\\FS02\\ADMIN$", "wmiprvse64.exe", "svcctl"));
        assertThat(f).hasSize(1);
        assertThat(f.getFirst().signature()).isEqualTo(BehaviorSignature.LATERAL_REMOTE_SERVICE);
        assertThat(f.getFirst().evidence()).containsEntry("account", "CORP\\adm-tnovak").containsEntry("pipe", "svcctl");
        assertThat(f.getFirst().signature().techniques).contains("T1021.002", "T1569.002");
    }

    @Test
    void documentsOnAnOrdinaryShareOrNoServicePipeAreNot() {
        assertThat(run(new LateralMovement(new LateralMovement.Settings(), HOME), psexec("\\\\FS01\\Research", "report.exe", "svcctl"))).isEmpty();
        assertThat(run(new LateralMovement(new LateralMovement.Settings(), HOME), psexec("\\\\FS02\\C$", "notes.docx", "svcctl"))).isEmpty();
        assertThat(run(new LateralMovement(new LateralMovement.Settings(), HOME), psexec("\\\\FS02\\C$", "tool.exe", "srvsvc"))).isEmpty();
        assertThat(run(new LateralMovement(new LateralMovement.Settings(), HOME), psexec("\\\\FS02\\C$", "tool.exe", "atsvc"))).hasSize(1);
    }

    /** A real capture: PsExec adding a user on a domain controller (the corpus' SMB captures). */
    @Test
    void aRealPsexecRunIsFound(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path pcap = dev.vigil.testing.Corpus.file("smb/sv-20171220_smb_psexec_add_user.pcap");
        List<com.fasterxml.jackson.databind.JsonNode> eve = dev.vigil.scenario.VigilAnalysis.eve(pcap, tmp);
        List<com.fasterxml.jackson.databind.JsonNode> found = eve.stream()
                .filter(r -> r.path("alert").path("signature_id").asInt() == BehaviorSignature.LATERAL_REMOTE_SERVICE.sid).toList();
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().at("/behavior/evidence/pipe").asText()).isEqualToIgnoringCase("svcctl");
        assertThat(found.getFirst().at("/behavior/evidence/executable").asText()).endsWithIgnoringCase(".exe");
        assertThat(found.getFirst().path("dest_port").asInt()).isEqualTo(445);
    }

    @Test
    void aNewAdministrationPairAfterTheLearningPeriodIsReported() {
        LateralMovement.Settings s = new LateralMovement.Settings();
        s.learningHours = 2;
        List<NetworkEvent> e = new ArrayList<>();
        e.add(tcp(0, "10.20.1.10", 50000, "10.10.0.20", 445, ConnState.ESTABLISHED, 20, 20, "smb"));
        e.add(tcp(3 * 3600, "10.20.1.10", 50001, "10.10.0.20", 445, ConnState.ESTABLISHED, 20, 20, "smb"));
        e.add(tcp(3 * 3600 + 10, "10.20.1.10", 50002, "10.10.0.41", 3389, ConnState.ESTABLISHED, 20, 20, null));
        e.add(tcp(3 * 3600 + 20, "10.20.1.10", 50003, "8.8.8.8", 22, ConnState.ESTABLISHED, 20, 20, "ssh"));
        List<Finding> f = run(new LateralMovement(s, HOME), e);
        assertThat(f).extracting(Finding::signature).containsExactly(BehaviorSignature.LATERAL_NEW_PAIR);
        assertThat(f.getFirst().dst()).isEqualTo("10.10.0.41");
        assertThat(f.getFirst().dstPort()).isEqualTo(3389);
    }
}
