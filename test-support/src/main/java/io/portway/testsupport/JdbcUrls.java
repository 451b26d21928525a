package io.portway.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The database part of {@code jdbc:postgresql://host[:port][,host2…]/database[?params]} urls. */
final class JdbcUrls {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(\\?.*)?");

    private JdbcUrls() {
    }

    static String database(String url) {
        String database = matcher(url).group(2);
        return database == null || database.isEmpty() ? "postgres" : database;
    }

    static String withDatabase(String url, String database) {
        Matcher m = matcher(url);
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    private static Matcher matcher(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql url: " + url);
        }
        return m;
    }
}
