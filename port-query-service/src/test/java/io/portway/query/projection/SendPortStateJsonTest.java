package io.portway.query.projection;

import io.portway.events.ArtifactStatus;
import io.portway.events.TransportType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored JSON of a send port's state stays one flat object, so rows written before still read. */
class SendPortStateJsonTest {

    /** A row as the query schema held it when {@link SendPortState} declared every configured property itself. */
    static final String STORED_ROW = """
            {"artifactId":"p","name":"SP1","description":"d","application":"Orders","dynamic":true,"twoWay":false,\
            "primaryTransport":{"type":"FILE","address":"file:///tmp/out/%MessageID%.xml","properties":{"k":"v"},\
            "retryCount":3,"retryInterval":"PT5M","serviceWindow":null},"backupTransport":null,\
            "sendPipeline":"XmlTransmit","filter":[[{"property":"BTS.ReceivePortName","operator":"==",\
            "value":"RP1"}]],"priority":3,"orderedDelivery":false,"stopSendingOnFailure":false,\
            "routeFailedMessages":true,"tracking":{"messageBodies":true,"properties":false},"status":"Started",\
            "version":4,"createdAt":"2026-11-27T10:00:01Z","updatedAt":"2026-11-27T10:00:04Z"}""";

    final StateJson json = new StateJson();
    final SendPortState port = new SendPortState("p", "SP1", true, false,
            ProjectorTest.configuration("d", TransportType.FILE), ArtifactStatus.Started, 4,
            Instant.parse("2026-11-27T10:00:01Z"), Instant.parse("2026-11-27T10:00:04Z"));

    @Test
    void a_row_written_before_reads_as_the_same_state() {
        assertThat(json.read(STORED_ROW, SendPortState.class)).isEqualTo(port);
    }

    @Test
    void the_state_is_written_as_the_same_flat_object() throws Exception {
        var mapper = json.mapper();
        assertThat(mapper.readTree(json.write(port))).isEqualTo(mapper.readTree(STORED_ROW));
        assertThat(json.read(json.write(port), SendPortState.class)).isEqualTo(port);
        assertThat(mapper.convertValue(mapper.readTree(json.write(port)), Map.class).keySet())
                .doesNotContain("configuration", "transportType");
        assertThat(List.of(port.description(), port.application())).containsExactly("d", "Orders");
    }
}
