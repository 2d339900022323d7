package dev.vigil.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.capture.Frame;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FrameRingTest {

    /** A frame of {@code len} bytes whose content and header follow from {@code n}. */
    private static Frame frame(long n, int len, Arena arena) {
        MemorySegment data = arena.allocate(Math.max(1, len));
        for (int i = 0; i < len; i++) data.set(ValueLayout.JAVA_BYTE, i, (byte) (n * 31 + i));
        Frame f = new Frame();
        f.set(data, 0, len, len + 4, 1_000_000_000L * n, 1, (int) (n % 3), n);
        return f;
    }

    private static void assertFrame(Frame f, long n, int len) {
        assertThat(f.number).isEqualTo(n);
        assertThat(f.capLen).isEqualTo(len);
        assertThat(f.wireLen).isEqualTo(len + 4);
        assertThat(f.tsNanos).isEqualTo(1_000_000_000L * n);
        assertThat(f.interfaceId).isEqualTo((int) (n % 3));
        for (int i = 0; i < len; i++) {
            if (f.data.get(ValueLayout.JAVA_BYTE, f.offset + i) != (byte) (n * 31 + i)) {
                throw new AssertionError("frame " + n + " byte " + i + " differs");
            }
        }
    }

    @Test
    void framesComeOutInOrderAcrossTheWrapAndAFullRingRefuses() {
        try (Arena arena = Arena.ofShared()) {
            FrameRing ring = new FrameRing(1 << 16, arena);
            assertThat(ring.capacity()).isEqualTo(1 << 16);
            Frame out = new Frame();
            assertThat(ring.poll(out)).isFalse();
            // 1,000-byte frames: 64 KiB holds 63 of them (32-byte headers), the 64th is refused
            int accepted = 0;
            while (ring.offer(frame(accepted, 1000, arena))) accepted++;
            assertThat(accepted).isEqualTo(63);
            // half drained, the producer wraps around to the start
            for (int n = 0; n < 30; n++) {
                assertThat(ring.poll(out)).isTrue();
                assertFrame(out, n, 1000);
                ring.release();
            }
            for (int n = 63; n < 90; n++) assertThat(ring.offer(frame(n, 1000, arena))).as("frame %d", n).isTrue();
            for (int n = 30; n < 90; n++) {
                assertThat(ring.poll(out)).isTrue();
                assertFrame(out, n, 1000);
                ring.release();
            }
            assertThat(ring.poll(out)).isFalse();
            assertThat(ring.used()).isZero();
            // a frame larger than half the ring is never taken, an empty one is
            assertThat(ring.offer(frame(1, 40_000, arena))).isFalse();
            assertThat(ring.offer(frame(2, 0, arena))).isTrue();
            assertThat(ring.poll(out)).isTrue();
            assertFrame(out, 2, 0);
        }
    }

    @Test
    void aProducerAndAConsumerThreadLoseNothingTheRingAccepted() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            FrameRing ring = new FrameRing(1 << 16, arena);
            int total = 200_000;
            long[] lens = new long[total];
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < total; i++) lens[i] = r.nextInt(0, 1600);
            AtomicLong accepted = new AtomicLong();
            Thread producer = Thread.ofPlatform().start(() -> {
                Arena a = Arena.ofConfined();
                MemorySegment data = a.allocate(1600);
                Frame f = new Frame();
                for (int n = 0; n < total; n++) {
                    int len = (int) lens[n];
                    for (int i = 0; i < len; i++) data.set(ValueLayout.JAVA_BYTE, i, (byte) (n * 31 + i));
                    f.set(data, 0, len, len + 4, 1_000_000_000L * n, 1, n % 3, n);
                    if (ring.offer(f)) accepted.incrementAndGet();
                }
                a.close();
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] consumed = new long[1];
            Thread consumer = Thread.ofPlatform().start(() -> {
                Frame f = new Frame();
                long last = -1;
                try {
                    while (producer.isAlive() || ring.used() > 0) {
                        if (!ring.poll(f)) {
                            Thread.onSpinWait();
                            continue;
                        }
                        assertThat(f.number).isGreaterThan(last);
                        assertFrame(f, f.number, (int) lens[(int) f.number]);
                        last = f.number;
                        consumed[0]++;
                        ring.release();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            producer.join();
            consumer.join();
            if (failure.get() != null) throw new AssertionError(failure.get());
            assertThat(consumed[0]).as("every frame the ring accepted came out, once, in order").isEqualTo(accepted.get());
            assertThat(accepted.get()).isPositive();
        }
    }
}
