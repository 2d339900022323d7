package dev.vigil.applayer.smb;

import dev.vigil.testing.Corpus;
import org.junit.jupiter.api.Test;

/** Prints what the parser makes of a capture named by -Dsmb.dump=smb/x.pcap (a tool for reading, asserts nothing). */
class SmbDumpTest {
    @Test
    void dump() {
        String f = System.getProperty("smb.dump");
        if (f == null) return;
        SmbTestSupport.Recorder r = SmbTestSupport.parseAll(Corpus.file(f));
        r.records.forEach(System.out::println);
        System.out.println("anomalies: " + r.anomalies);
    }
}
