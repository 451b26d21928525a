package io.portway.support;

import io.portway.support.SignInThrottle.SignInThrottled;
import io.portway.support.VerifiedCredentialsTest.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SignInThrottleTest {

    final MutableClock clock = new MutableClock();
    final AtomicInteger checks = new AtomicInteger();
    final SignInThrottle throttle = new SignInThrottle(new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication authentication) {
            checks.incrementAndGet();
            if (!"right".equals(authentication.getCredentials())) {
                throw new BadCredentialsException("Bad credentials");
            }
            return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
                    AuthorityUtils.createAuthorityList("ROLE_ADMIN"));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    }, clock);

    @Test
    void after_five_failures_of_a_user_each_failure_doubles_the_wait_up_to_a_minute_and_the_password_is_not_checked()
    {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_USER; i++) {
            failFrom("10.0.0.1", "alice");
        }
        assertThat(signIn("10.0.0.2", "alice", "right").isAuthenticated())
                .as("five failures cost nothing yet").isTrue();
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_USER; i++) {
            failFrom("10.0.0.1", "alice");
        }
        failFrom("10.0.0.1", "alice");
        int checked = checks.get();

        assertThat(throttled("10.0.0.3", "alice", "right")).isEqualTo(Duration.ofSeconds(1));
        assertThat(checks).as("a throttled attempt does not check the password").hasValue(checked);

        long[] waits = new long[8];
        for (int i = 0; i < waits.length; i++) {
            clock.now = clock.now.plus(throttled("10.0.0.1", "alice", "guess"));
            failFrom("10.0.0.1", "alice");
            waits[i] = throttled("10.0.0.1", "alice", "guess").toSeconds();
        }
        assertThat(waits).containsExactly(2, 4, 8, 16, 32, 60, 60, 60);
    }

    @Test
    void failures_are_forgotten_a_while_after_the_last_one() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_USER + 1; i++) {
            failFrom("10.0.0.1", "bob");
        }
        throttled("10.0.0.1", "bob", "right");

        clock.now = clock.now.plus(SignInThrottle.FORGET_AFTER);
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_USER; i++) {
            failFrom("10.0.0.1", "bob");
        }
        assertThat(signIn("10.0.0.1", "bob", "right").isAuthenticated()).isTrue();
    }

    @Test
    void an_attacker_cannot_keep_a_user_out_at_an_address_where_the_user_signed_in_before() {
        assertThat(signIn("192.168.1.10", "carol", "right").isAuthenticated()).isTrue();
        for (int i = 0; i < 12; i++) {
            clock.now = clock.now.plusSeconds(61);
            failFrom("203.0.113." + i, "carol");
        }

        assertThat(throttled("198.51.100.1", "carol", "right"))
                .as("a new address waits, but never more than a minute").isEqualTo(Duration.ofMinutes(1));
        assertThat(signIn("192.168.1.10", "carol", "right").isAuthenticated())
                .as("the user's own address is not held back by failures elsewhere").isTrue();
    }

    @Test
    void an_address_that_fails_for_many_users_waits_but_other_addresses_do_not() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS + 1; i++) {
            failFrom("203.0.113.5", "user" + i);
        }

        assertThat(throttled("203.0.113.5", "dave", "right")).isEqualTo(Duration.ofSeconds(1));
        assertThat(signIn("203.0.113.6", "dave", "right").isAuthenticated()).isTrue();
    }

    @Test
    void a_success_clears_the_failures_of_its_user() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_USER; i++) {
            failFrom("10.0.0.1", "erin");
        }
        signIn("10.0.0.1", "erin", "right");
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_USER; i++) {
            failFrom("10.0.0.7", "erin");
        }
        assertThat(signIn("10.0.0.8", "erin", "right").isAuthenticated()).isTrue();
    }

    Authentication signIn(String address, String user, String password) {
        return throttle.authenticate(token(address, user, password));
    }

    void failFrom(String address, String user) {
        assertThatThrownBy(() -> signIn(address, user, "wrong")).isInstanceOf(BadCredentialsException.class);
    }

    Duration throttled(String address, String user, String password) {
        return catchThrowableOfType(SignInThrottled.class, () -> signIn(address, user, password)).retryAfter();
    }

    static UsernamePasswordAuthenticationToken token(String address, String user, String password) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(user, password);
        token.setDetails(new WebAuthenticationDetails(request));
        return token;
    }
}
