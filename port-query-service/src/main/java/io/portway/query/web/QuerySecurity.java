package io.portway.query.web;

import io.portway.support.PortwaySecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Reads need VIEWER; the rebuild (start and progress) needs ADMIN. */
@Configuration(proxyBeanMethods = false)
class QuerySecurity {

    @Bean
    SecurityFilterChain queryFilterChain(HttpSecurity http) throws Exception {
        return PortwaySecurity.filterChain(http, rules -> rules
                .requestMatchers("/api/admin/**").hasRole(PortwaySecurity.ADMIN)
                .requestMatchers("/api/**").hasRole(PortwaySecurity.VIEWER));
    }
}
