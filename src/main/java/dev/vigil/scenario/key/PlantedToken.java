package dev.vigil.scenario.key;

/**
 * A honeytoken the scenario's defenders planted before the intrusion (a credential in a script on the
 * file share): to be detected, it must be in the sensor's data directory, as
 * {@code vigil token create --type credential --username U --password P --memo M} puts it there.
 */
public record PlantedToken(String type, String username, String password, String memo, String planted) {}
