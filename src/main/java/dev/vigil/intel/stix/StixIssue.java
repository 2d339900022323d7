package dev.vigil.intel.stix;

/**
 * One finding of the {@link StixValidator}.
 *
 * @param level ERROR breaks a MUST of the spec (or a SHOULD under strict options); WARNING a best practice
 * @param check the check's name, as the OASIS validator names it where one exists (to disable it by name)
 * @param path JSON path of the offending value, e.g. {@code objects[3].valid_until}
 */
public record StixIssue(Level level, String check, String path, String message) {
    public enum Level { ERROR, WARNING }

    @Override
    public String toString() {
        return level + " [" + check + "] " + path + ": " + message;
    }
}
