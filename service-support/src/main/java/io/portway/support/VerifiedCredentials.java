package io.portway.support;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic sends the password with every request, and checking a {@code {bcrypt}} hash costs ~100 ms of CPU by
 * design: at that price a service could answer ten requests a second per core. This provider remembers, for a
 * short time, which username/password pairs it has verified: it keeps only a salted SHA-256 digest of each pair
 * (the salt is random per process), never the password, and forgets an entry after {@link #TIME_TO_LIVE}.
 * Wrong passwords are never remembered, so each one still pays the full check.
 */
final class VerifiedCredentials implements AuthenticationProvider {

    static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 10_000;

    private final AuthenticationProvider delegate;
    private final Clock clock;
    private final byte[] salt = new byte[32];
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    private record Entry(Authentication authentication, Instant expires) {
    }

    VerifiedCredentials(AuthenticationProvider delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        String key = digest(authentication.getName(), password);
        Instant now = clock.instant();
        Entry entry = verified.get(key);
        if (entry != null && entry.expires().isAfter(now)) {
            return entry.authentication();
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(key, new Entry(result, now.plus(TIME_TO_LIVE)));
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private String digest(String username, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update(username.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
