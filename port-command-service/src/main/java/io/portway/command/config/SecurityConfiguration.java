package io.portway.command.config;

import io.portway.support.PortwaySecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may do what: ADMIN everything, OPERATOR starts and stops ports and groups (BizTalk's Operators), VIEWER
 * reads. The role hierarchy (ADMIN > OPERATOR > VIEWER) comes from service-support.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain commandSecurity(HttpSecurity http) throws Exception {
        return PortwaySecurity.filterChain(http, rules -> rules
                .requestMatchers(HttpMethod.POST, "/api/send-ports/*/start", "/api/send-ports/*/stop",
                        "/api/send-port-groups/*/start", "/api/send-port-groups/*/stop",
                        "/api/applications/*/start", "/api/applications/*/stop")
                .hasRole(PortwaySecurity.OPERATOR)
                .requestMatchers(HttpMethod.GET, "/api/**").hasRole(PortwaySecurity.VIEWER)
                .requestMatchers("/api/**").hasRole(PortwaySecurity.ADMIN));
    }
}
