package io.portway.command.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.messaging.PortwayJackson;
import io.portway.support.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the field errors of one request, so that a 400 names every offending field at once; plus the checks
 * ports and groups share (names, texts, filters, transport properties, the size of the event). REST and bindings
 * import go through the same checks (docs/RULES.md §8).
 */
public final class Fields {

    public static final int MAX_TEXT = 256;
    /** Filter values, transport property values and addresses. */
    public static final int MAX_VALUE = 4096;
    public static final int MAX_FILTER_STATEMENTS = 100;
    public static final int MAX_PROPERTIES = 50;
    /**
     * The largest configuration (as event JSON) accepted: below Kafka's default record limit (1 MiB, producer
     * {@code max.request.size} and broker {@code message.max.bytes}) with room for the event's envelope and
     * headers, so that an accepted change can always be published.
     */
    public static final int MAX_EVENT_BYTES = 900 * 1024;

    private static final ObjectMapper JSON = PortwayJackson.newObjectMapper();

    private final List<FieldError> errors = new ArrayList<>();

    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** A rejection with its own rule code, e.g. {@code ADDRESS_NOT_ALLOWED}. */
    public void reject(String field, String message, String code) {
        errors.add(new FieldError(field, message, code));
    }

    public void check(boolean valid, String field, String message) {
        if (!valid) {
            reject(field, message);
        }
    }

    /** Throws VALIDATION_FAILED naming every rejected field, if any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw CommandRefused.invalid(errors);
        }
    }

    public void name(String name) {
        if (name == null || name.isBlank()) {
            reject("name", "required");
        } else if (name.length() > MAX_TEXT) {
            reject("name", "at most " + MAX_TEXT + " characters");
        } else if (name.contains("/") || name.chars().anyMatch(Character::isISOControl)
                || !name.strip().equals(name)) {
            reject("name", "must not contain '/' or control characters, nor start or end with white space");
        }
    }

    /** A one-line text of at most {@value #MAX_TEXT} characters without control characters. */
    public void text(String value, String field) {
        if (value != null && value.length() > MAX_TEXT) {
            reject(field, "at most " + MAX_TEXT + " characters");
        } else {
            printable(value, field, false);
        }
    }

    /** A description: like {@link #text} but tab, CR and LF are allowed. */
    public void description(String value) {
        if (value != null && value.length() > MAX_TEXT) {
            reject("description", "at most " + MAX_TEXT + " characters");
        } else {
            printable(value, "description", true);
        }
    }

    /** A value (filter value, property value, address) of at most {@value #MAX_VALUE} characters. */
    public void value(String value, String field) {
        if (value != null && value.length() > MAX_VALUE) {
            reject(field, "at most " + MAX_VALUE + " characters");
        } else {
            printable(value, field, false);
        }
    }

    /** Refuses U+0000–U+001F and U+007F (tab, CR and LF too unless {@code multiline}); true if none. */
    public boolean printable(String value, String field, boolean multiline) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c == 0x7f) && !(multiline && (c == '\t' || c == '\r' || c == '\n'))) {
                reject(field, "must not contain control characters (found U+" + String.format("%04X", (int) c)
                        + " at index " + i + ")" + (multiline ? "; tab, CR and LF are allowed" : ""));
                return false;
            }
        }
        return true;
    }

    /** Transport properties: at most {@value #MAX_PROPERTIES}, names as texts, values as values, none null. */
    public void properties(Map<String, String> properties, String field) {
        if (properties == null) {
            return;
        }
        if (properties.size() > MAX_PROPERTIES) {
            reject(field, "at most " + MAX_PROPERTIES + " properties, not " + properties.size());
            return;
        }
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = property.getKey();
            if (name == null || name.isBlank()) {
                reject(field, "a property name must not be blank");
                continue;
            }
            if (name.length() > MAX_TEXT || !printable(name, field, false)) {
                check(name.length() <= MAX_TEXT, field, "a property name has at most " + MAX_TEXT + " characters");
                continue;
            }
            String entry = field + "." + name;
            if (property.getValue() == null) {
                reject(entry, "required: a string (leave the property out to unset it)");
            } else {
                value(property.getValue(), entry);
            }
        }
    }

    /**
     * Refuses a change whose event would not fit a Kafka record ({@value #MAX_EVENT_BYTES} bytes of JSON),
     * naming the largest of the given parts (field name to value).
     */
    public void fitsInAnEvent(Map<String, Object> parts) {
        long total = 0;
        String largest = null;
        long largestSize = -1;
        for (Map.Entry<String, Object> part : parts.entrySet()) {
            long size = jsonSize(part.getValue());
            total += size;
            if (size > largestSize) {
                largest = part.getKey();
                largestSize = size;
            }
        }
        if (total > MAX_EVENT_BYTES) {
            reject(largest, "the change would be an event of " + total + " bytes, over the limit of "
                    + MAX_EVENT_BYTES + " that every event fits (Kafka's record limit); this field holds "
                    + largestSize + " bytes of it");
        }
    }

    private static long jsonSize(Object value) {
        try {
            return value == null ? 4 : JSON.writeValueAsBytes(value).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot measure " + value.getClass().getSimpleName(), e);
        }
    }

    public String application(String application) {
        if (application == null) {
            return "Default";
        }
        if (application.isBlank()) {
            reject("application", "must not be blank");
        }
        text(application, "application");
        return application;
    }

    /** A filter is a list of groups of statements; a statement needs a property and, unless exists, a value. */
    public Filter filter(Filter filter) {
        if (filter == null) {
            return Filter.EMPTY;
        }
        List<List<FilterStatement>> groups = filter.groups();
        int statements = groups.stream().mapToInt(group -> group == null ? 1 : Math.max(1, group.size())).sum();
        if (statements > MAX_FILTER_STATEMENTS) {
            reject("filter", "at most " + MAX_FILTER_STATEMENTS + " statements, not " + statements);
            return filter;
        }
        for (int g = 0; g < groups.size(); g++) {
            List<FilterStatement> group = groups.get(g);
            if (group == null || group.isEmpty()) {
                reject("filter[" + g + "]", "a group needs at least one statement");
                continue;
            }
            for (int s = 0; s < group.size(); s++) {
                String field = "filter[" + g + "][" + s + "]";
                FilterStatement statement = group.get(s);
                if (statement == null) {
                    reject(field, "a statement is an object {property, operator, value}");
                    continue;
                }
                if (statement.property() == null || statement.property().isBlank()) {
                    reject(field + ".property", "required");
                } else {
                    text(statement.property(), field + ".property");
                }
                if (statement.operator() == null) {
                    reject(field + ".operator", "required: one of ==, !=, <, <=, >, >=, exists");
                } else if (statement.operator() == FilterOperator.EXISTS) {
                    check(statement.value() == null, field + ".value", "must be absent for 'exists'");
                } else {
                    check(statement.value() != null, field + ".value",
                            "required for '" + statement.operator().symbol() + "'");
                    value(statement.value(), field + ".value");
                }
            }
        }
        return filter;
    }
}
