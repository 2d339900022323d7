package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scenario.campaign.Campaign;
import dev.vigil.scenario.campaign.Campaigns;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import dev.vigil.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's acceptance: captures tshark finds clean, reproducible by seed, growing with hosts × hours. */
class ScenarioCapturesTest {

    @Test
    void everyScenarioAcrossSeedsAndSizesIsCleanForTshark(@TempDir Path tmp) throws Exception {
        List<Object[]> runs = new ArrayList<>();
        runs.add(new Object[] {Campaigns.ESPIONAGE_CONTRACTOR, 1L, 8, 24.0});
        runs.add(new Object[] {Campaigns.ESPIONAGE_CONTRACTOR, 2L, 25, 6.0});
        runs.add(new Object[] {Campaigns.ESPIONAGE_CONTRACTOR, 3L, 3, 30.0});
        // many users in office hours: every admin's SSH, every share, every browser profile at once
        runs.add(new Object[] {Campaigns.ESPIONAGE_CONTRACTOR, 9L, 80, 3.0, "2026-03-02T09:00:00Z"});
        long seed = 10;
        for (Campaign c : Campaigns.all()) {
            if (!c.name().equals(Campaigns.ESPIONAGE_CONTRACTOR)) runs.add(new Object[] {c.name(), seed++, 3, 3.0});
        }
        for (Object[] r : runs) {
            String name = (String) r[0];
            Path pcap = tmp.resolve(name + "-" + r[1] + ".pcap");
            ScenarioGenerator.Result res = ScenarioGenerator.generate(Campaigns.get(name),
                    new ScenarioOptions((Long) r[1], (Integer) r[2], (Double) r[3], r.length > 4 ? Instant.parse((String) r[4]) : ScenarioOptions.DEFAULT_START), pcap);
            assertThat(TsharkCheck.expertErrors(pcap)).as("tshark expert errors / malformed in %s seed %s", name, r[1]).isEmpty();
            assertThat(TsharkCheck.fields(pcap, "frame", "frame.number")).as("frames tshark reads").hasSize((int) res.packets());
            assertThat(res.key().activities()).as("activities in " + name).isNotEmpty();
            for (Activity a : res.key().activities()) {
                assertThat(Instant.parse(a.start())).isBetween(Instant.parse(res.key().start()), Instant.parse(res.key().end()));
                assertThat(Instant.parse(a.end())).isAfterOrEqualTo(Instant.parse(a.start()));
            }
            Files.delete(pcap);
        }
    }

    @Test
    void theSameSeedGivesTheSameBytesInAnotherProcessAndAnotherSeedDiffers(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a.pcap");
        ScenarioGenerator.Result ra = ScenarioGenerator.generate(Campaigns.get(Campaigns.ESPIONAGE_CONTRACTOR),
                new ScenarioOptions(42, 6, 8, ScenarioOptions.DEFAULT_START.plusSeconds(6 * 3600)), a);
        ra.key().write(tmp.resolve("a.json"));
        // a second JVM: hash seeds of Set.of/Map.of and identity hash codes differ there, so any dependence shows
        Path b = tmp.resolve("b.pcap");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.vigil.cli.Main", "scenario", "generate",
                Campaigns.ESPIONAGE_CONTRACTOR, "-o", b.toString(), "--answers", tmp.resolve("b.json").toString(), "--seed", "42",
                "--hosts", "6", "--hours", "8", "--start", "2026-03-02T06:00:00Z").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(sha256(b)).isEqualTo(sha256(a));
        assertThat(Files.readString(tmp.resolve("b.json"))).isEqualTo(Files.readString(tmp.resolve("a.json")));

        Path c = tmp.resolve("c.pcap");
        ScenarioGenerator.Result rc = ScenarioGenerator.generate(Campaigns.get(Campaigns.ESPIONAGE_CONTRACTOR),
                new ScenarioOptions(43, 6, 8, ScenarioOptions.DEFAULT_START.plusSeconds(6 * 3600)), c);
        assertThat(sha256(c)).isNotEqualTo(sha256(a));
        assertThat(rc.packets()).isNotEqualTo(ra.packets());
        assertThat(rc.key().activities().getFirst().start()).isNotEqualTo(ra.key().activities().getFirst().start());
    }

    @Test
    void fileSizeGrowsLinearlyWithHostsTimesHours(@TempDir Path tmp) throws Exception {
        // whole weekdays from Monday, so every host-hour is drawn from the same day shape; a scenario
        // whose intrusion is one small activity, so the background is what is measured
        int[][] sizes = {{4, 24}, {8, 24}, {16, 24}, {8, 48}, {4, 72}};
        double[] x = new double[sizes.length];
        double[] y = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            Path f = tmp.resolve(i + ".pcap");
            ScenarioGenerator.generate(Campaigns.get("honeytoken-use"),
                    new ScenarioOptions(7, sizes[i][0], sizes[i][1], ScenarioOptions.DEFAULT_START), f);
            x[i] = sizes[i][0] * (double) sizes[i][1];
            y[i] = Files.size(f);
            Files.delete(f);
        }
        // least squares y = a + b x; proportional means the fit explains nearly everything and the
        // constant is small next to the smallest capture
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double r2 = sxy * sxy / (sxx * syy);
        assertThat(r2).as("R² of size against hosts × hours").isGreaterThan(0.98);
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(y[i] - (a + b * x[i])) / y[i]).as("residual of %s hosts × %s h", sizes[i][0], sizes[i][1]).isLessThan(0.10);
        }
        assertThat(Math.abs(a)).as("constant part").isLessThan(0.10 * y[0]);
    }

    @Test
    void keyRoundTripsThroughJsonAndTheCliWritesBoth(@TempDir Path tmp) throws Exception {
        Path pcap = tmp.resolve("x.pcap");
        int code = dev.vigil.cli.Main.run(new String[] {"scenario", "generate", "recon-scan", "-o", pcap.toString(), "--hosts", "2", "--hours", "2"});
        assertThat(code).isZero();
        Path key = tmp.resolve("x.answers.json");
        AnswerKey k = AnswerKey.read(key);
        assertThat(k.scenario()).isEqualTo("recon-scan");
        assertThat(k.seed()).isEqualTo(1);
        assertThat(k.activities()).extracting(Activity::id).containsExactly("recon-scan");
        assertThat(Files.size(pcap)).isGreaterThan(24);
        assertThat(dev.vigil.cli.Main.run(new String[] {"scenario", "generate", "no-such", "-o", pcap.toString()})).isEqualTo(2);
        Tools.require("capinfos");
        assertThat(Tools.run(60, "capinfos", "-M", "-c", pcap.toString()).stdout()).contains("Number of packets");
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
