package dev.vigil.scenario.tls;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.SplittableRandom;

/**
 * A SecureRandom that is not secure: it draws from a seeded generator so the JDK's key generation and
 * ECDSA nonces give the same keys and signatures for the same seed. Only for synthetic captures.
 */
final class SeededSecureRandom extends SecureRandom {
    private static final class Spi extends SecureRandomSpi {
        private final SplittableRandom rng;

        Spi(long seed) {
            this.rng = new SplittableRandom(seed);
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // ignored: a caller's extra seed material would break the reproducibility this class exists for
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            rng.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            rng.nextBytes(b);
            return b;
        }
    }

    SeededSecureRandom(long seed) {
        // the SPI constructor keeps the JDK from creating (and seeding) its default generator
        super(new Spi(seed), null);
    }

    @Override
    public String getAlgorithm() {
        return "SeededSplittableRandom";
    }
}
