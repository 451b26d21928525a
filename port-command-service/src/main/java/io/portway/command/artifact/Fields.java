package io.portway.command.artifact;

import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.support.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the field errors of one request, so that a 400 names every offending field at once; plus the checks
 * ports and groups share (names, texts, filters).
 */
public final class Fields {

    public static final int MAX_TEXT = 256;

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

    public void text(String value, String field) {
        if (value != null && value.length() > MAX_TEXT) {
            reject(field, "at most " + MAX_TEXT + " characters");
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
                } else if (statement.property().length() > MAX_TEXT) {
                    reject(field + ".property", "at most " + MAX_TEXT + " characters");
                }
                if (statement.operator() == null) {
                    reject(field + ".operator", "required: one of ==, !=, <, <=, >, >=, exists");
                } else if (statement.operator() == FilterOperator.EXISTS) {
                    check(statement.value() == null, field + ".value", "must be absent for 'exists'");
                } else {
                    check(statement.value() != null, field + ".value",
                            "required for '" + statement.operator().symbol() + "'");
                }
            }
        }
        return filter;
    }
}
