package dev.vigil.detect.behavior;

import static dev.vigil.detect.behavior.Events.at;
import static dev.vigil.detect.behavior.Events.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SmbAccess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShareCollectionTest {
    private static SmbAccess smb(double t, String command, String share, String file) {
        return new SmbAccess(at(t), "10.20.1.18", 50200, "10.10.0.20", 445, command, "STATUS_SUCCESS", share, file, command.equals("CREATE") ? "FILE_OPEN" : null,
                null, null, null);
    }

    @Test
    void copyingTwoProjectFoldersIsCollection() {
        List<NetworkEvent> e = new ArrayList<>();
        e.add(new SmbAccess(at(0), "10.20.1.18", 50200, "10.10.0.20", 445, "SESSION_SETUP", "STATUS_SUCCESS", null, null, null, "adm-tnovak", "CORP", "WS-ENG-009"));
        for (int i = 0; i < 44; i++) {
            String share = i < 22 ? "\\\\FS01\\Research" : "\\\\FS01\\Engineering";
            e.add(smb(1 + i * 0.15, "CREATE", share, "project-" + i + ".docx"));
            e.add(smb(1 + i * 0.15 + 0.05, "READ", share, "project-" + i + ".docx"));
        }
        List<Finding> f = run(new ShareCollection(new ShareCollection.Settings()), e);
        assertThat(f).hasSize(1);
        assertThat(f.getFirst().signature()).isEqualTo(BehaviorSignature.SHARE_COLLECTION);
        assertThat(f.getFirst().evidence()).containsEntry("files", 30).containsEntry("accounts", List.of("CORP\\adm-tnovak"));
    }

    @Test
    void aPersonReadingDocumentsAndListingFoldersIsNot() {
        List<NetworkEvent> e = new ArrayList<>();
        for (int i = 0; i < 200; i++) e.add(smb(i * 2, "CREATE", "\\\\FS01\\Sales", "Quarter" + (i % 40)));
        for (int i = 0; i < 12; i++) e.add(smb(i * 30, "CREATE", "\\\\FS01\\Sales", "offer-" + i + ".xlsx"));
        for (int i = 0; i < 40; i++) e.add(smb(900 + i * 20, "CREATE", "\\\\FS01\\Sales", "report-" + i + ".pdf"));
        assertThat(run(new ShareCollection(new ShareCollection.Settings()), e)).isEmpty();
    }
}
