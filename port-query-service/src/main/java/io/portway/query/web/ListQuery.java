package io.portway.query.web;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way this service answers a list: optional filters, a keyset cursor and a page of {@code limit} items.
 * {@code ListQuery.from("select … from query.x x").and("x.status = ?", status).after("x.name > ?", cursor, 1)
 * .page(jdbc, "x.name", limit, mapper)}: a null filter value is no filter; the mapper answers each row's item with
 * the keys the next page's cursor continues after.
 */
public final class ListQuery {

    /** One row of a page: the item and the sort keys a cursor after it carries. */
    public record Keyed<T>(T item, String... keys) {
    }

    private final StringBuilder sql;
    private final List<Object> args = new ArrayList<>();

    private ListQuery(String selectFrom) {
        this.sql = new StringBuilder(selectFrom).append(" where true");
    }

    public static ListQuery from(String selectFrom) {
        return new ListQuery(selectFrom);
    }

    /** Adds {@code and condition} with its one argument, unless the value is null. */
    public ListQuery and(String condition, Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            args.add(value);
        }
        return this;
    }

    /**
     * Continues after a cursor of {@code keys} keys: {@code condition} has one placeholder per key, and
     * {@code parse} turns the decoded keys into the arguments (a key it cannot parse is a 400).
     */
    public ListQuery after(String condition, String cursor, int keys, KeyParser parse) {
        String[] after = Cursors.decode(cursor, keys);
        if (after != null) {
            sql.append(" and ").append(condition);
            try {
                args.addAll(parse.arguments(after));
            } catch (RuntimeException e) {
                throw Cursors.invalid();
            }
        }
        return this;
    }

    public <T> Page<T> page(JdbcTemplate jdbc, String orderBy, int limit, RowMapper<Keyed<T>> rows) {
        sql.append(" order by ").append(orderBy).append(" limit ?");
        args.add(limit + 1);
        List<Keyed<T>> found = jdbc.query(sql.toString(), rows, args.toArray());
        return Page.of(found, limit);
    }

    /** Turns a cursor's decoded keys into query arguments. */
    @FunctionalInterface
    public interface KeyParser {
        List<Object> arguments(String[] keys);
    }
}
