package io.portway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Prints answers as aligned tables (default) or as JSON ({@code --output json}) for scripts. */
final class Output {

    enum Format { table, json }

    /** A table column: its header and how a row's cell is taken from an item. */
    record Column(String header, Function<JsonNode, String> cell) {

        static Column of(String header, String field) {
            return new Column(header, item -> text(item.path(field)));
        }

        static Column at(String header, String pointer) {
            return new Column(header, item -> text(item.at(pointer)));
        }
    }

    private final Format format;
    private final PrintWriter out;

    Output(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    boolean json() {
        return format == Format.json;
    }

    /** A list: one row per item, or the items as a JSON array. */
    void list(JsonNode items, Column... columns) {
        if (json()) {
            print(items);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(java.util.Arrays.stream(columns).map(Column::header).toArray(String[]::new));
        for (JsonNode item : items) {
            rows.add(java.util.Arrays.stream(columns).map(column -> column.cell().apply(item)).toArray(String[]::new));
        }
        table(rows);
    }

    /** One object: {@code field: value} lines (nested values as compact JSON), or the object as JSON. */
    void object(JsonNode object) {
        if (json()) {
            print(object);
            return;
        }
        int width = 0;
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            width = Math.max(width, names.next().length());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                continue;
            }
            out.println(pad(field.getKey() + ":", width + 1) + " " + text(field.getValue()));
        }
    }

    /** JSON, pretty-printed. */
    void print(JsonNode node) {
        try {
            out.println(Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void line(String text) {
        out.println(text);
    }

    void table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** A cell: text as it is, null and missing as "-", other values as compact JSON. */
    static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray() && value.isEmpty()) {
            return "-";
        }
        if (value.isArray() && java.util.stream.StreamSupport.stream(value.spliterator(), false)
                .allMatch(JsonNode::isTextual)) {
            List<String> texts = new ArrayList<>();
            value.forEach(item -> texts.add(item.asText()));
            return String.join(",", texts);
        }
        return value.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
