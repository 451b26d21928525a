package io.portway.support;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Slows down password guessing (HTTP Basic): repeated failures for one user name or from one client address make
 * further attempts wait, answered 429 {@code SIGN_IN_THROTTLED} with {@code Retry-After} and the password not even
 * checked. After {@link #FREE_FAILURES_PER_USER} failures of a user name (or {@link #FREE_FAILURES_PER_ADDRESS}
 * from an address) each further failure doubles the wait, from one second up to {@link #MAX_DELAY}; a name or
 * address is forgotten {@link #FORGET_AFTER} after its last failure. So a guesser gets a few thousand tries a day
 * instead of thousands a second, and nobody is ever locked out for more than a minute.
 * <p>
 * An attacker who knows a user name cannot keep that user out: the wait of a user name does not apply at an
 * address where that user signed in successfully within {@link #KNOWN_ADDRESS_FOR} (the real user's machine,
 * or the admin console). Only the address's own wait applies there, and that grows only with failures from it.
 * A successful sign-in clears its user name's failures. Memory is bounded: at most {@link #MAX_ENTRIES} entries
 * per table, expired ones pruned first.
 */
final class SignInThrottle implements AuthenticationProvider {

    static final int FREE_FAILURES_PER_USER = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration MAX_DELAY = Duration.ofSeconds(60);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final Duration KNOWN_ADDRESS_FOR = Duration.ofHours(24);
    static final int MAX_ENTRIES = 10_000;

    private final AuthenticationProvider delegate;
    private final Clock clock;
    private final Map<String, Failures> users = new ConcurrentHashMap<>();
    private final Map<String, Failures> addresses = new ConcurrentHashMap<>();
    private final Map<String, Instant> known = new ConcurrentHashMap<>();

    /** {@code count} failures, the last at {@code last}; the next attempt may come at {@code retryAt}. */
    private record Failures(int count, Instant last, Instant retryAt) {
    }

    /** A sign-in refused without checking the password, because of earlier failures. */
    static final class SignInThrottled extends AuthenticationException {
        private final transient Duration retryAfter;

        SignInThrottled(Duration retryAfter) {
            super("too many failed sign-ins: retry in " + retryAfter.toSeconds() + " s");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    SignInThrottle(AuthenticationProvider delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String user = authentication.getName() == null ? "" : authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
        Instant now = clock.instant();
        Instant retryAt = later(waitUntil(addresses.get(address), now),
                isKnown(user, address, now) ? null : waitUntil(users.get(user), now));
        if (retryAt != null) {
            throw new SignInThrottled(Duration.ofSeconds(
                    Math.max(1, (Duration.between(now, retryAt).toMillis() + 999) / 1000)));
        }
        Authentication result;
        try {
            result = delegate.authenticate(authentication);
        } catch (AuthenticationException failed) {
            fail(users, user, FREE_FAILURES_PER_USER, now);
            fail(addresses, address, FREE_FAILURES_PER_ADDRESS, now);
            throw failed;
        }
        if (result != null && result.isAuthenticated()) {
            users.remove(user);
            bounded(known, expires -> expires.isBefore(now));
            known.put(user + "\u0000" + address, now.plus(KNOWN_ADDRESS_FOR));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    private boolean isKnown(String user, String address, Instant now) {
        Instant expires = known.get(user + "\u0000" + address);
        return expires != null && expires.isAfter(now);
    }

    private static Instant waitUntil(Failures failures, Instant now) {
        return failures == null || !failures.retryAt().isAfter(now) ? null : failures.retryAt();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private void fail(Map<String, Failures> table, String key, int free, Instant now) {
        bounded(table, failures -> !failures.last().plus(FORGET_AFTER).isAfter(now));
        table.compute(key, (k, before) -> {
            int count = before == null || !before.last().plus(FORGET_AFTER).isAfter(now) ? 1 : before.count() + 1;
            Duration doubling = Duration.ofSeconds(1L << Math.min(count - free - 1, 6));
            Duration delay = count <= free ? Duration.ZERO
                    : doubling.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubling;
            return new Failures(count, now, now.plus(delay));
        });
    }

    private static <V> void bounded(Map<String, V> table, Predicate<V> expired) {
        if (table.size() >= MAX_ENTRIES) {
            table.values().removeIf(expired);
            if (table.size() >= MAX_ENTRIES) {
                table.clear();
            }
        }
    }
}
