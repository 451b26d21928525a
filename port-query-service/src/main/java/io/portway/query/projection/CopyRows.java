package io.portway.query.projection;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format, built as UTF-8 bytes: fields separated by tabs, rows
 * by newlines, {@code \N} for null, and backslash, newline, carriage return and tab escaped. U+0000, which no
 * PostgreSQL text can hold, becomes U+FFFD (documents keep it: Jackson writes it as the escape {@code \u0000},
 * which a {@code json} column stores as written), so any string can be stored. Values are scanned once
 * and copied in runs; documents already serialized by Jackson are appended without becoming Strings.
 */
final class CopyRows {

    private byte[] bytes;
    private int length;
    private boolean rowStarted;
    private int rows;

    CopyRows() {
        this(64 * 1024);
    }

    CopyRows(int capacity) {
        this.bytes = new byte[capacity];
    }

    CopyRows field(String value) {
        separate();
        if (value == null) {
            return writeNull();
        }
        int n = value.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80 || c == '\\' || c < 0x20) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                return escaped(utf8, 0, utf8.length);
            }
            bytes[length + i] = (byte) c;
        }
        length += n;
        return this;
    }

    CopyRows field(long value) {
        separate();
        ensure(20);
        if (value >= 0 && value < 10) {
            bytes[length++] = (byte) ('0' + value);
            return this;
        }
        String digits = Long.toString(value);
        for (int i = 0; i < digits.length(); i++) {
            bytes[length++] = (byte) digits.charAt(i);
        }
        return this;
    }

    /**
     * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, 0, 3, 6 or 9 fraction digits), without
     * its formatter (a tenth of a rebuild's Java time went there); years outside 0–9999 take the formatter.
     */
    CopyRows field(Instant value) {
        if (value == null) {
            separate();
            return writeNull();
        }
        long seconds = value.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        LocalDate date = day >= MIN_DAY && day <= MAX_DAY ? LocalDate.ofEpochDay(day) : null;
        if (date == null) {
            return field(value.toString());
        }
        separate();
        ensure(30);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        digits(date.getYear(), 4);
        bytes[length++] = '-';
        digits(date.getMonthValue(), 2);
        bytes[length++] = '-';
        digits(date.getDayOfMonth(), 2);
        bytes[length++] = 'T';
        digits(secondOfDay / 3600, 2);
        bytes[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        bytes[length++] = ':';
        digits(secondOfDay % 60, 2);
        int nanos = value.getNano();
        if (nanos > 0) {
            bytes[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(nanos / 1_000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        bytes[length++] = 'Z';
        return this;
    }

    private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private void digits(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    /** A value already encoded as UTF-8 (a JSON document), or null. */
    CopyRows field(byte[] utf8) {
        separate();
        return utf8 == null ? writeNull() : escaped(utf8, 0, utf8.length);
    }

    CopyRows endRow() {
        ensure(1);
        bytes[length++] = '\n';
        rowStarted = false;
        rows++;
        return this;
    }

    boolean isEmpty() {
        return length == 0;
    }

    int rows() {
        return rows;
    }

    int size() {
        return length;
    }

    void clear() {
        length = 0;
        rows = 0;
        rowStarted = false;
    }

    /** Sends the rows to an open {@code COPY} and empties this buffer. */
    void writeTo(CopyIn copy) throws SQLException {
        if (length > 0) {
            copy.writeToCopy(bytes, 0, length);
        }
        clear();
    }

    /** Opens {@code COPY <table> (<columns>) FROM STDIN} on the connection. */
    static CopyIn open(Connection connection, String table, String columns) throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (" + columns + ") from stdin");
    }

    /** Sends the remaining rows and ends the {@code COPY}; a {@code COPY} that fails on the way is cancelled. */
    void finish(CopyIn copy) throws SQLException {
        try {
            writeTo(copy);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** These rows in one {@code COPY} into the table; no statement when there are none. */
    void copyInto(Connection connection, String table, String columns) throws SQLException {
        if (!isEmpty()) {
            finish(open(connection, table, columns));
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void separate() {
        if (rowStarted) {
            ensure(1);
            bytes[length++] = '\t';
        }
        rowStarted = true;
    }

    private CopyRows writeNull() {
        ensure(2);
        bytes[length++] = '\\';
        bytes[length++] = 'N';
        return this;
    }

    /** Bytes of a UTF-8 text; multi-byte sequences never contain ASCII bytes, so scanning bytes is safe. */
    private CopyRows escaped(byte[] source, int from, int to) {
        ensure(to - from);
        int run = from;
        for (int i = from; i < to; i++) {
            byte b = source[i];
            if (b == 0) {
                append(source, run, i);
                ensure(3 + to - i);
                bytes[length++] = (byte) 0xEF;
                bytes[length++] = (byte) 0xBF;
                bytes[length++] = (byte) 0xBD;
                run = i + 1;
            } else if (b == '\\' || b == '\n' || b == '\r' || b == '\t') {
                append(source, run, i);
                ensure(2 + to - i);
                bytes[length++] = '\\';
                bytes[length++] = switch (b) {
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case '\t' -> 't';
                    default -> '\\';
                };
                run = i + 1;
            }
        }
        append(source, run, to);
        return this;
    }

    private void append(byte[] source, int from, int to) {
        int n = to - from;
        if (n > 0) {
            ensure(n);
            System.arraycopy(source, from, bytes, length, n);
            length += n;
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
