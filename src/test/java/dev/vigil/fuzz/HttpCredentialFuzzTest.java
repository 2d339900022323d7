package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.deception.decoy.http.PostedCredentials;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the portal decoy's credential extraction (url-encoded and multipart forms,
 * JSON bodies, Basic headers): the body is whatever an intruder posts. An input is [1 byte: bits 0-2 pick
 * the content type][body]. Must hold: nothing escapes; found credentials are non-null, capped in length,
 * and name how they were sent.
 */
class HttpCredentialFuzzTest {
    private static final String[] TYPES = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ", "application/json",
            "multipart/form-data; boundary=\"q\"", "text/plain", null, "application/vnd.api+json", "multipart/form-data"};

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(0, "username=alice&password=Winter%2F2026&realm=&x=%zz%4"),
                FuzzSeeds.prefixed(1, "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nbob\r\n--XyZ\r\n"
                        + "Content-Disposition: form-data; name=password\r\n\r\npw\r\n--XyZ--\r\n"),
                FuzzSeeds.prefixed(2, "{\"auth\":{\"email\":\"c@x\",\"passwd\":\"p\"},\"n\":[1,2,{\"pwd\":3}]}"),
                FuzzSeeds.prefixed(5, "Basic ZGF2ZTpodW50ZXIy"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void extract(byte[] input) {
        if (input.length == 0) return;
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        check(PostedCredentials.fromBody(TYPES[input[0] & 7], body), TYPES[input[0] & 7]);
        check(PostedCredentials.fromBasic(new String(body, StandardCharsets.ISO_8859_1)), "basic");
    }

    private static void check(PostedCredentials c, String type) {
        if (c == null) return;
        if (c.user() == null || c.password() == null || c.method() == null) throw new IllegalStateException("null field: " + c);
        if (c.user().length() > 512 || c.password().length() > 512) throw new IllegalStateException("uncapped value from " + type);
        if (!java.util.List.of("form", "multipart", "json", "basic").contains(c.method())) throw new IllegalStateException("method " + c.method());
    }
}
