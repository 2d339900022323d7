package dev.vigil.applayer.dns;

import java.util.List;

/** Lets the DHCP tests run tshark the same byte-preserving way. */
public final class DnsTsharkAgreementTestAccess {
    private DnsTsharkAgreementTestAccess() {}

    public static List<String> run(String... command) {
        return DnsTsharkAgreementTest.run(command);
    }
}
