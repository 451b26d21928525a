package io.portway.support;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedCredentialsTest {

    final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    final AtomicInteger checks = new AtomicInteger();
    final MutableClock clock = new MutableClock();
    final VerifiedCredentials provider = new VerifiedCredentials(counting(), clock);

    @Test
    void a_verified_password_is_not_checked_again_until_the_entry_expires() {
        assertThat(provider.authenticate(basic("admin", "secret")).isAuthenticated()).isTrue();
        assertThat(provider.authenticate(basic("admin", "secret")).getAuthorities()).extracting("authority")
                .containsExactly("ROLE_ADMIN");
        assertThat(checks).hasValue(1);

        clock.now = clock.now.plus(VerifiedCredentials.TIME_TO_LIVE).plusSeconds(1);
        provider.authenticate(basic("admin", "secret"));

        assertThat(checks).hasValue(2);
    }

    @Test
    void a_wrong_password_is_refused_every_time_and_never_remembered() {
        provider.authenticate(basic("admin", "secret"));

        assertThatThrownBy(() -> provider.authenticate(basic("admin", "guess")))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider.authenticate(basic("admin", "guess")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(checks).hasValue(3);
    }

    AuthenticationProvider counting() {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(encoder);
        dao.setUserDetailsService(new InMemoryUserDetailsManager(User.withUsername("admin")
                .password(encoder.encode("secret")).roles("ADMIN").build()));
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                checks.incrementAndGet();
                return dao.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return dao.supports(authentication);
            }
        };
    }

    static UsernamePasswordAuthenticationToken basic(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
