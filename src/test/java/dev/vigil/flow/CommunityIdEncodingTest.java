package dev.vigil.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Community ID text: the spec's test vectors, and the reused buffers never leak one flow into the next. */
class CommunityIdEncodingTest {

    @Test
    void specVectors() {
        // corelight/community-id-spec baseline: 128.232.110.120:34855 -> 66.35.250.204:80 TCP, seed 0 and 1
        long a = 0x80E8_6E78L, b = 0x4223_FACCL;
        assertThat(new CommunityId(0).compute(4, 0, a, 0, b, 6, 34855, 80, false))
                .isEqualTo("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
        assertThat(new CommunityId(1).compute(4, 0, a, 0, b, 6, 34855, 80, false))
                .isEqualTo("1:3V71V58M3Ksw/yuFALMcW0LAHvc=");
    }

    @Test
    void sameAsDigestingFromScratch() throws Exception {
        CommunityId c = new CommunityId(0);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            long s = r.nextLong() & 0xFFFF_FFFFL, d = r.nextLong() & 0xFFFF_FFFFL;
            int sp = r.nextInt(65536), dp = r.nextInt(65536);
            boolean ordered = s < d || (s == d && sp <= dp);
            byte[] buf = new byte[2 + 4 + 4 + 2 + 4];
            long x = ordered ? s : d, y = ordered ? d : s;
            int xp = ordered ? sp : dp, yp = ordered ? dp : sp;
            int n = 2;
            for (int k = 24; k >= 0; k -= 8) buf[n++] = (byte) (x >>> k);
            for (int k = 24; k >= 0; k -= 8) buf[n++] = (byte) (y >>> k);
            buf[n++] = 17;
            buf[n++] = 0;
            buf[n++] = (byte) (xp >>> 8); buf[n++] = (byte) xp; buf[n++] = (byte) (yp >>> 8); buf[n++] = (byte) yp;
            String expected = "1:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(buf));
            assertThat(c.compute(4, 0, s, 0, d, 17, sp, dp, false)).isEqualTo(expected);
        }
    }
}
