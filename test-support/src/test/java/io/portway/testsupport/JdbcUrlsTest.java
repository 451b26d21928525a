package io.portway.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTest {

    @Test
    void replacesTheDatabaseAndKeepsHostsAndParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432/portway?sslmode=require", "it_3"))
                .isEqualTo("jdbc:postgresql://db:5432/it_3?sslmode=require");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://a:1,b:2/x", "it_1")).isEqualTo("jdbc:postgresql://a:1,b:2/it_1");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db", "it_1")).isEqualTo("jdbc:postgresql://db/it_1");
    }

    @Test
    void namesTheDatabaseOfAUrl() {
        assertThat(JdbcUrls.database("jdbc:postgresql://db:5432/portway?x=y")).isEqualTo("portway");
        assertThat(JdbcUrls.database("jdbc:postgresql://db:5432/")).isEqualTo("postgres");
    }
}
