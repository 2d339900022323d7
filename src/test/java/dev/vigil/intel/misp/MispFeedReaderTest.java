package dev.vigil.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MispFeedReaderTest {
    private static final String EVENT = "57c4445b-c548-4654-af0b-4be3950d210f";

    private static MispFeedReader corpusFeed() {
        return new MispFeedReader(FeedSource.directory(MispEventImporterTest.misp().resolve("feed-sample")), new MispEventImporter());
    }

    @Test
    void manifestAndIncrementalPoll() throws Exception {
        MispFeedReader feed = corpusFeed();
        var manifest = feed.manifest();
        assertThat(manifest).singleElement().satisfies(e -> {
            assertThat(e.uuid()).isEqualTo(EVENT);
            assertThat(e.timestamp()).isEqualTo(1472541011L);
            assertThat(e.orgName()).isEqualTo("CIRCL");
            assertThat(e.tags()).contains("tlp:white");
        });
        MispFeedReader.Poll first = feed.poll(Map.of());
        assertThat(first.failures()).isEmpty();
        assertThat(first.imported()).singleElement().satisfies(r -> {
            assertThat(r.attributes()).isEqualTo(9);
            assertThat(r.ofType("grouping").getFirst().get("id").asText()).isEqualTo("grouping--" + EVENT);
        });
        assertThat(first.state()).containsEntry(EVENT, 1472541011L);
        MispFeedReader.Poll second = feed.poll(first.state());
        assertThat(second.imported()).isEmpty();
        assertThat(second.unchanged()).isEqualTo(1);
        MispFeedReader.Poll older = feed.poll(Map.of(EVENT, 1472541010L));
        assertThat(older.imported()).hasSize(1);
    }

    @Test
    void hashesCsvIsAValueIndex() throws Exception {
        FeedHashes h = corpusFeed().hashes();
        assertThat(h.lines()).isEqualTo(10);
        assertThat(h.badLineCount()).isZero();
        assertThat(h.distinctHashes()).isEqualTo(10);
        // the values of the event, composite ones part by part, are what is hashed
        assertThat(h.eventsWithValue("0749bae92ca336a02c83d126e04ec628")).containsExactly(EVENT);
        assertThat(h.containsValue("3Z4wnG9603it23y.exe")).isTrue();
        assertThat(h.containsValue("%TEMP%\\3Z4wnG9603it23y.exe")).isTrue();
        assertThat(h.containsValue("Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run|%TEMP%\\3Z4wnG9603it23y.exe")).isFalse();
        assertThat(h.containsValue("not in the feed")).isFalse();
    }

    @Test
    void hashesCsvBadLinesAreCountedWithTheirNumbers() {
        String csv = "ac454eff7482836b3f7c4bf42e709644," + EVENT + "\n"
                + "garbage\n"
                + "zz454eff7482836b3f7c4bf42e709644," + EVENT + "\n"
                + "\n"
                + "5b929e2f68aae9333096927164d9aaa3,not-a-uuid\n"
                + "5B929E2F68AAE9333096927164D9AAA3,\"" + EVENT + "\"\r\n";
        FeedHashes h = FeedHashes.parse(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(h.badLineCount()).isEqualTo(3);
        assertThat(h.badLines()).extracting(FeedHashes.BadLine::line).containsExactly(2, 3, 5);
        assertThat(h.distinctHashes()).isEqualTo(2);
    }

    @Test
    void brokenEventFileIsReportedAndOthersImported(@TempDir Path dir) throws Exception {
        Path feed = MispEventImporterTest.misp().resolve("feed-sample");
        Files.copy(feed.resolve(EVENT + ".json"), dir.resolve(EVENT + ".json"));
        String other = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", missing = "1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        Files.writeString(dir.resolve(other + ".json"), "{\"Event\": [not json");
        Files.writeString(dir.resolve("manifest.json"), "{\"" + EVENT + "\":{\"timestamp\":\"1472541011\"},"
                + "\"" + other + "\":{\"timestamp\":\"5\"},\"" + missing + "\":{\"timestamp\":\"6\"},\"../../etc/passwd\":{\"timestamp\":\"7\"}}");
        MispFeedReader.Poll p = new MispFeedReader(FeedSource.directory(dir), new MispEventImporter()).poll(new HashMap<>());
        assertThat(p.imported()).hasSize(1);
        assertThat(p.failures()).containsOnlyKeys(other, missing);
        assertThat(p.state()).containsOnlyKeys(EVENT);
    }
}
