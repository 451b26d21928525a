package io.portway.messaging;

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

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String TYPE_PREFIX = "portway.";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
