package io.portway.console.history;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** One field an audit entry changed, with its value before and after (JSON text; empty when absent). */
record Change(String field, String before, String after) {

    private static final JsonNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    /** The fields that differ between two snapshots, compared by top-level field and nested path. */
    static List<Change> between(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        collect("", before, after, changes);
        return changes;
    }

    private static void collect(String path, JsonNode before, JsonNode after, List<Change> changes) {
        boolean beforeMissing = before == null || before.isNull() || before.isMissingNode();
        boolean afterMissing = after == null || after.isNull() || after.isMissingNode();
        if (beforeMissing && afterMissing) {
            return;
        }
        if ((beforeMissing || before.isObject()) && (afterMissing || after.isObject())) {
            before = beforeMissing ? EMPTY : before;
            after = afterMissing ? EMPTY : after;
            TreeSet<String> names = new TreeSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (path.isEmpty() && name.equals("version")) {
                    continue;
                }
                collect(path.isEmpty() ? name : path + "." + name, before.get(name), after.get(name), changes);
            }
            return;
        }
        if (beforeMissing || afterMissing || !before.equals(after)) {
            changes.add(new Change(path.isEmpty() ? "(whole)" : path, text(before), text(after)));
        }
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
