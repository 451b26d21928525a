package io.portway.messaging;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventHeadersTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void a_traceparent_is_the_w3c_header_and_the_cloudevents_extension_once_each() {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.putTraceparent(headers, "00-11111111111111111111111111111111-2222222222222222-00");
        CloudEventHeaders.putTraceparent(headers, TRACEPARENT);

        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo(TRACEPARENT);
        assertThat(new String(headers.lastHeader("ce_traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo(TRACEPARENT);
        assertThat(CloudEventHeaders.traceparent(headers)).isEqualTo(TRACEPARENT);
    }

    @Test
    void without_a_trace_no_header_is_written_and_the_extension_alone_is_read() {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.putTraceparent(headers, null);
        assertThat(headers.toArray()).isEmpty();
        assertThat(CloudEventHeaders.traceparent(headers)).isNull();

        headers.add("ce_traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
        assertThat(CloudEventHeaders.traceparent(headers)).isEqualTo(TRACEPARENT);
    }
}
