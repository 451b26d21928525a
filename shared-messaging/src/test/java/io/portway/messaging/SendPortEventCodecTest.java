package io.portway.messaging;

import io.portway.events.EventEnvelope;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortStarted;
import io.portway.events.ServiceWindow;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SendPortEventCodecTest {

    final SendPortEventCodec codec = new SendPortEventCodec();

    static SendPortCreated created() {
        Transport primary = new Transport(TransportType.FILE, "file:///tmp/out/%MessageID%.xml", Map.of("a", "b"),
                3, Duration.ofMinutes(5), new ServiceWindow(LocalTime.of(22, 0), LocalTime.of(6, 0), null));
        Filter filter = new Filter(List.of(
                List.of(new FilterStatement("BTS.ReceivePortName", FilterOperator.EQUALS, "RP1"),
                        new FilterStatement("Orders.Total", FilterOperator.GREATER_THAN_OR_EQUAL, "100")),
                List.of(new FilterStatement("Orders.Express", FilterOperator.EXISTS, null))));
        return new SendPortCreated("SP1", false, false, new SendPortConfiguration("d", "Default", primary, null,
                SendPipeline.XmlTransmit, filter, 5, true, true, false, Tracking.NONE));
    }

    @Test
    void an_event_travels_as_a_binary_mode_cloud_event_keyed_by_the_artifact_name() {
        EventEnvelope envelope = new EventEnvelope("e-1", "a-1", 3, 42, Instant.parse("2026-11-27T10:15:30Z"),
                "admin", "corr-1", new SendPortStarted("SP1"));

        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.SEND_PORT_EVENTS, envelope);

        assertThat(record.key()).isEqualTo("SP1");
        assertThat(header(record, "ce_type")).isEqualTo("portway.SendPortStarted");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo("e-1");
        assertThat(header(record, "ce_sequence")).isEqualTo("3");
        assertThat(header(record, "ce_position")).isEqualTo("42");
        assertThat(header(record, "ce_artifactkind")).isEqualTo("SendPort");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"SP1\"}");
        assertThat(codec.fromRecord(consumed(record))).isEqualTo(envelope);
    }

    @Test
    void a_filter_is_a_bare_array_of_groups_with_operator_symbols_and_round_trips() {
        SendPortCreated created = created();

        String json = new String(codec.toJson(created), StandardCharsets.UTF_8);

        assertThat(json).contains("\"filter\":[[{\"property\":\"BTS.ReceivePortName\",\"operator\":\"==\"")
                .contains("\"operator\":\"exists\"")
                .contains("\"retryInterval\":\"PT5M\"")
                .contains("\"from\":\"22:00\"");
        assertThat(codec.fromJson("SendPortCreated", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(created);
    }

    static String header(ProducerRecord<String, byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 0, 0, record.key(),
                record.value());
        record.headers().forEach(h -> consumed.headers().add(h));
        return consumed;
    }
}
