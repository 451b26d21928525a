package io.portway.delivery.instance;

import java.time.Instant;

/** One delivery attempt in an instance's attempt log. */
public record Attempt(int number, Instant at, String transport, String address, String outcome, String error) {
}
