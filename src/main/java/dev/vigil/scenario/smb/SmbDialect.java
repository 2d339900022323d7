package dev.vigil.scenario.smb;

/** The dialect the server picks from the client's offer (a Windows 10/11 client offers 2.0.2 to 3.1.1). */
public enum SmbDialect {
    /** Windows 7 / Server 2008 R2 era servers, or a 3.x-disabled share host. */
    SMB_2_1(0x0210),
    /** Windows 10 / Server 2016 and later. */
    SMB_3_1_1(0x0311);

    final int revision;

    SmbDialect(int revision) {
        this.revision = revision;
    }
}
