package dev.vigil.scenario.key;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One malicious activity woven into a scenario, as the answer key states it.
 *
 * @param id          stable within the scenario ({@code c2-https-beacon})
 * @param description what the intruder does, in a sentence
 * @param technique   the ATT&CK technique it is an instance of
 * @param source      who acts
 * @param destination whom or what it acts on
 * @param start       first packet, ISO-8601 UTC
 * @param end         last packet, ISO-8601 UTC
 * @param detector    the kind of detector expected to find it ({@link Detector})
 * @param hint        what an analyst should look for, shown by the grader's training mode
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Activity(String id, String description, Technique technique, Party source, Party destination,
        String start, String end, String detector, String hint) {}
