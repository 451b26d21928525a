package io.portway.command.artifact;

/** The optimistic-concurrency check of {@code If-Match}: a stale expected version refuses the command. */
public final class ExpectedVersion {

    private ExpectedVersion() {
    }

    public static void check(String artifact, Long expected, long current) {
        if (expected != null && expected != current) {
            throw new CommandRefused(ErrorCode.VERSION_CONFLICT, artifact + " is at version " + current
                    + ", not at the expected version " + expected + ": reload it and try again");
        }
    }
}
