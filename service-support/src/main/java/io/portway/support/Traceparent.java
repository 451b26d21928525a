package io.portway.support;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} of work that outlives its thread: read from the current span (Micrometer Tracing over
 * OpenTelemetry keeps it in OpenTelemetry's context), stored with an event or a message, and made current again on
 * the thread that continues the work, so its logs ({@code traceId} in the MDC) and its outgoing calls belong to the
 * same trace. No span is created here: a resumed trace continues from the stored span as its remote parent.
 */
public final class Traceparent {

    /** The W3C Trace Context header (HTTP) and the Kafka record header of the same name. */
    public static final String HEADER = "traceparent";
    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private Traceparent() {
    }

    /** The current span's traceparent ({@code 00-<trace id>-<span id>-<flags>}), or null outside a trace. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /** The trace id of a well-formed traceparent, or null. */
    public static String traceId(String traceparent) {
        SpanContext span = parse(traceparent);
        return span == null ? null : span.getTraceId();
    }

    /** The traceparent if it is a well-formed version-00 value with non-zero ids, else null (never stored). */
    public static String valid(String traceparent) {
        return parse(traceparent) == null ? null : traceparent;
    }

    /**
     * Makes the stored trace current until the scope closes; without a valid traceparent the thread keeps what it
     * has. Always close the scope on the same thread (try-with-resources).
     */
    public static Scope resume(String traceparent) {
        SpanContext parent = parse(traceparent);
        return parent == null ? Scope.noop() : Context.root().with(Span.wrap(parent)).makeCurrent();
    }

    private static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() != 55) {
            return null;
        }
        Matcher matcher = FORMAT.matcher(traceparent);
        if (!matcher.matches()) {
            return null;
        }
        SpanContext span = SpanContext.createFromRemoteParent(matcher.group(1), matcher.group(2),
                TraceFlags.fromHex(matcher.group(3), 0), TraceState.getDefault());
        return span.isValid() ? span : null;
    }
}
