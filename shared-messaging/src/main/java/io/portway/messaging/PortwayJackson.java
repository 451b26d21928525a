package io.portway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.ServiceWindow;

import java.time.LocalTime;

import java.util.List;

/**
 * The JSON form of the shared events, the same in every service and on every topic: a filter is the bare array of
 * its groups, an operator is its symbol ({@code ==}, {@code exists}, …), durations are ISO-8601 ({@code PT5M}),
 * times of day {@code HH:mm}, instants ISO-8601 UTC.
 */
public final class PortwayJackson {

    private static final ObjectMapper WRITER = newObjectMapper();

    private PortwayJackson() {
    }

    /** {@code value} as JSON text; a value these settings cannot write is a programming error. */
    public static String toJson(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code value} as JSON in UTF-8 bytes (see {@link #toJson}). */
    public static byte[] toJsonBytes(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The module that gives the shared value types their JSON form; register it on any ObjectMapper. */
    public static SimpleModule module() {
        SimpleModule module = new SimpleModule("portway-events");
        module.setMixInAnnotation(Filter.class, FilterMixin.class);
        module.setMixInAnnotation(FilterOperator.class, FilterOperatorMixin.class);
        module.setMixInAnnotation(ServiceWindow.class, ServiceWindowMixin.class);
        return module;
    }

    /** A stand-alone mapper with the same settings Spring Boot services use. */
    public static ObjectMapper newObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .build();
    }

    abstract static class FilterMixin {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        FilterMixin(List<List<FilterStatement>> groups) {
        }

        @JsonValue
        abstract List<List<FilterStatement>> groups();

        @com.fasterxml.jackson.annotation.JsonIgnore
        abstract boolean isEmpty();
    }

    abstract static class FilterOperatorMixin {
        @JsonValue
        abstract String symbol();

        @JsonCreator
        static FilterOperator of(String symbol) {
            return FilterOperator.fromSymbol(symbol)
                    .orElseThrow(() -> new IllegalArgumentException("unknown filter operator '" + symbol + "'"));
        }
    }

    abstract static class ServiceWindowMixin {
        @JsonFormat(pattern = "HH:mm")
        abstract LocalTime from();

        @JsonFormat(pattern = "HH:mm")
        abstract LocalTime to();
    }
}
