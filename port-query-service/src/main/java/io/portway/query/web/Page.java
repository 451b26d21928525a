package io.portway.query.web;

import java.util.List;

/** A page of a list answer: {@code next} is the cursor of the following page, null on the last one. */
public record Page<T>(List<T> items, String next) {
}
