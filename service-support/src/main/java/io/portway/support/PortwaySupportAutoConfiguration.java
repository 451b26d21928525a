package io.portway.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import io.portway.messaging.PortwayJackson;
import io.portway.messaging.TransportSecrets;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** What every Portway service gets by having {@code service-support} on its class path. */
@AutoConfiguration(before = {UserDetailsServiceAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@EnableConfigurationProperties({PortwayTopics.class, PortwaySecurityProperties.class, AddressRulesProperties.class})
@Import({ProblemHandler.class, ProblemErrorController.class})
public class PortwaySupportAutoConfiguration {

    /**
     * The key that seals transport secrets: {@code portway.secrets.key} (environment {@code PORTWAY_SECRETS_KEY},
     * 32 bytes in base64) or {@code portway.secrets.key-file} (a file holding that text). A malformed key fails
     * start-up. With no key the service starts, but storing a secret is refused with a message naming the
     * setting, and a sealed secret cannot be opened: nothing is ever sealed under a key nobody kept.
     */
    @Bean
    @ConditionalOnMissingBean
    TransportSecrets transportSecrets(Environment environment) throws IOException {
        String key = environment.getProperty("portway.secrets.key");
        String keyFile = environment.getProperty("portway.secrets.key-file");
        if ((key == null || key.isBlank()) && keyFile != null && !keyFile.isBlank()) {
            key = Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII);
        }
        if (key == null || key.isBlank()) {
            LoggerFactory.getLogger(TransportSecrets.class).warn(
                    "No secrets key is configured (portway.secrets.key / PORTWAY_SECRETS_KEY): transport secrets"
                            + " cannot be stored or opened until one is set");
            return TransportSecrets.withoutKey();
        }
        return TransportSecrets.fromBase64(key);
    }

    /**
     * Spring Security observes nothing of its own: with an observation registry it wraps each of its ~15 filters,
     * the authentication and the authorization of every request in an observation (a timer and a span each): under
     * the command benchmark JFR found observations in 17 % of the request threads' samples, most of them these. The
     * request itself is still observed
     * ({@code http.server.requests} and its span), and sign-in failures are still counted and logged.
     */
    @Bean
    @ConditionalOnMissingBean
    org.springframework.security.config.observation.SecurityObservationSettings portwaySecurityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    /** Requests the security firewall refuses answer 400 problem+json, like every other refusal. */
    @Bean
    @ConditionalOnMissingBean(org.springframework.security.web.firewall.RequestRejectedHandler.class)
    org.springframework.security.web.firewall.RequestRejectedHandler portwayRequestRejectedHandler() {
        return new EarlyRefusals.Firewall();
    }

    /** Where transports may deliver (docs/RULES.md §8), the same in every service. */
    @Bean
    @ConditionalOnMissingBean
    AddressRules addressRules(AddressRulesProperties properties, PortwayTopics topics) {
        return properties.rules(topics);
    }

    /** {@code portway.readiness}: 1 while readiness is UP (for alerting). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name =
            "org.springframework.boot.actuate.health.HealthEndpoint")
    io.micrometer.core.instrument.binder.MeterBinder portwayReadinessGauge(
            org.springframework.beans.factory.ObjectProvider<org.springframework.boot.actuate.health.HealthEndpoint>
                    health) {
        return new ReadinessGauge(health);
    }

    @Bean
    Module portwayJacksonModule() {
        return PortwayJackson.module();
    }

    /** Request bodies with fields the API does not know are refused rather than silently ignored. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    Jackson2ObjectMapperBuilderCustomizer portwayStrictRequests() {
        return builder -> builder.featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Bean
    FilterRegistrationBean<CorrelationId.Filter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationId.Filter> registration =
                new FilterRegistrationBean<>(new CorrelationId.Filter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** POST, PUT, PATCH and DELETE from another site's page → 403 CROSS_ORIGIN, before authentication. */
    @Bean
    FilterRegistrationBean<CrossOriginRequests> crossOriginRequestsFilter(PortwaySecurityProperties properties) {
        FilterRegistrationBean<CrossOriginRequests> registration =
                new FilterRegistrationBean<>(new CrossOriginRequests(properties.allowedOrigins()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Request parameters with control characters → 400 VALIDATION_FAILED naming them. */
    @Bean
    FilterRegistrationBean<ControlCharactersInParameters> controlCharactersInParametersFilter() {
        FilterRegistrationBean<ControlCharactersInParameters> registration =
                new FilterRegistrationBean<>(new ControlCharactersInParameters());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /**
     * Errors Tomcat answers itself (an undecodable URL, request line or headers over the limit, a firewall
     * rejection) as problem+json too.
     */
    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return new ProblemErrorReportValve.Customizer();
    }

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Users from configuration; with none configured nobody can sign in (production ships no default user). */
    @Bean
    @ConditionalOnMissingBean
    UserDetailsService portwayUsers(PortwaySecurityProperties properties) {
        List<UserDetails> users = properties.users().stream()
                .map(user -> User.withUsername(user.username())
                        .password(user.password())
                        .roles(user.roles().toArray(String[]::new))
                        .build())
                .map(UserDetails.class::cast)
                .toList();
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * Checks HTTP Basic credentials against the configured users, remembering verified ones for a few minutes
     * (see {@link VerifiedCredentials}), behind a {@link SignInThrottle} that slows down guessing. Passwords are
     * never re-encoded: Spring's default would "upgrade" a {@code {noop}} password to bcrypt after the first
     * sign-in and then pay bcrypt on every request.
     */
    @Bean
    @ConditionalOnMissingBean(AuthenticationProvider.class)
    AuthenticationProvider portwayAuthentication(UserDetailsService users, PasswordEncoder passwordEncoder) {
        DaoAuthenticationProvider checked = new DaoAuthenticationProvider(passwordEncoder);
        checked.setUserDetailsService(users);
        return new SignInThrottle(new VerifiedCredentials(checked, Clock.systemUTC()), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(PortwaySecurity.ADMIN).implies(PortwaySecurity.OPERATOR, PortwaySecurity.PUBLISHER)
                .role(PortwaySecurity.OPERATOR).implies(PortwaySecurity.VIEWER)
                .build();
    }
}
