package dev.vigil.deception.document;

import dev.vigil.deception.document.FalseOrganisation.Person;

import java.nio.charset.StandardCharsets;

/** The staff directory as HR exports it: one CSV row per person, manager by e-mail address. */
public final class StaffDirectory {
    private StaffDirectory() {}

    public static byte[] render(FalseOrganisation org) {
        StringBuilder b = new StringBuilder("first_name,last_name,title,department,email,extension,manager_email\r\n");
        for (Person p : org.staff()) {
            b.append(csv(p.firstName())).append(',').append(csv(p.lastName())).append(',').append(csv(p.title())).append(',')
                    .append(csv(p.department())).append(',').append(csv(p.email())).append(',').append(p.extension()).append(',')
                    .append(p.managerEmail() == null ? "" : csv(p.managerEmail())).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String csv(String v) {
        // a leading = + - @ makes a spreadsheet evaluate the cell; names never start so, but the guard costs nothing
        String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return s.matches("[^,\"\r\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
