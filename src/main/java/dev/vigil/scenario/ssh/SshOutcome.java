package dev.vigil.scenario.ssh;

/** How an SSH connection goes once the keys are exchanged. */
public sealed interface SshOutcome {
    /**
     * A person logs in with a password and types: {@code keystrokes} keys, each echoed by the server, over
     * about {@code durationNanos}, with a command's output after every Enter; then logs out.
     */
    record Interactive(String user, int keystrokes, long durationNanos) implements SshOutcome {
        public Interactive {
            if (keystrokes < 1 || durationNanos <= 0) throw new IllegalArgumentException("keystrokes and duration must be positive");
        }
    }

    /**
     * Password guessing: {@code attempts} wrong passwords, each refused, then the server disconnects
     * ("too many authentication failures") and closes the connection.
     */
    record FailedAuth(String user, int attempts) implements SshOutcome {
        public FailedAuth {
            if (attempts < 1) throw new IllegalArgumentException("at least one attempt");
        }
    }

    /** An automated login: password accepted, one {@code command} run, {@code outputBytes} of output, close. */
    record ShortSession(String user, String command, int outputBytes) implements SshOutcome {}
}
