package io.portway.messaging;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: each attribute is a header {@code ce_<attribute>} with a
 * UTF-8 value; the event data is the record value, described by the {@code content-type} header.
 * Portway's extension attributes are lowercase alphanumeric, as CloudEvents requires.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /** Extension: the artifact's version after this event (1 = created). */
    public static final String SEQUENCE = "ce_sequence";
    /** Extension: the event's global position in the event store. */
    public static final String POSITION = "ce_position";
    /** Extension: id of the artifact incarnation. */
    public static final String ARTIFACT_ID = "ce_artifactid";
    /** Extension: {@code SendPort} or {@code SendPortGroup}. */
    public static final String ARTIFACT_KIND = "ce_artifactkind";
    /** Extension: who made the change. */
    public static final String PRINCIPAL = "ce_principal";
    /** Extension: the request the change belongs to. */
    public static final String CORRELATION_ID = "ce_correlationid";
    /** Extension (CloudEvents Distributed Tracing): the W3C traceparent of the work that caused the event. */
    public static final String TRACEPARENT = "ce_traceparent";
    /** The W3C traceparent as tracing libraries read it from a Kafka record (same value as {@link #TRACEPARENT}). */
    public static final String W3C_TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String TYPE_PREFIX = "portway.";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** Puts the traceparent as the W3C header and the CloudEvents extension; nothing when it is null. */
    public static void putTraceparent(Headers headers, String traceparent) {
        if (traceparent != null) {
            headers.remove(W3C_TRACEPARENT);
            headers.remove(TRACEPARENT);
            put(headers, W3C_TRACEPARENT, traceparent);
            put(headers, TRACEPARENT, traceparent);
        }
    }

    /** The record's traceparent (W3C header, else the CloudEvents extension), or null. */
    public static String traceparent(Headers headers) {
        String w3c = optional(headers, W3C_TRACEPARENT);
        return w3c != null ? w3c : optional(headers, TRACEPARENT);
    }

    /**
     * The attributes every Portway event has: spec version, id, source, {@code portway.<type>}, subject, time and
     * the JSON content type.
     */
    static Headers common(String id, String source, String type, String subject, String time) {
        Headers headers = new RecordHeaders();
        put(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
        put(headers, ID, id);
        put(headers, SOURCE, source);
        put(headers, TYPE, TYPE_PREFIX + type);
        put(headers, SUBJECT, subject);
        put(headers, TIME, time);
        put(headers, CONTENT_TYPE, JSON);
        return headers;
    }

    /** The event name of a Portway event's {@code ce_type} ({@code portway.<EventName>}). */
    static String portwayType(Headers headers) {
        String type = required(headers, TYPE);
        if (!type.startsWith(TYPE_PREFIX)) {
            throw new IllegalArgumentException("not a Portway event type: " + type);
        }
        return type.substring(TYPE_PREFIX.length());
    }

    static void put(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String optional(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String required(Headers headers, String key) {
        String value = optional(headers, key);
        if (value == null) {
            throw new IllegalArgumentException("missing header " + key);
        }
        return value;
    }
}
