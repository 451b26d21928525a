package io.portway.query.projection;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveProjectionTraceTest {

    private static final String A1 = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String A2 = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";
    private static final String B = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void a_batch_is_applied_in_the_trace_its_records_share_and_in_none_when_they_do_not() {
        assertThat(LiveProjection.sharedTraceparent(List.of(record(A1), record(A2)))).isEqualTo(A1);
        assertThat(LiveProjection.sharedTraceparent(List.of(record(A1), record(B)))).isNull();
        assertThat(LiveProjection.sharedTraceparent(List.of(record(A1), record(null)))).isNull();
        assertThat(LiveProjection.sharedTraceparent(List.of(record("not-a-traceparent")))).isNull();
        assertThat(LiveProjection.sharedTraceparent(List.of())).isNull();
    }

    private static ConsumerRecord<String, byte[]> record(String traceparent) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("portway.send-port-events", 0, 0, "Orders",
                new byte[0]);
        if (traceparent != null) {
            record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
