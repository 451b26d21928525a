package io.portway.delivery.explain;

import io.portway.events.EventEnvelope;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPortAddedToGroup;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortRemovedFromGroup;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.support.PortwayException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.portway.delivery.explain.ExplainerTest.configuration;
import static io.portway.delivery.explain.ExplainerTest.filter;
import static io.portway.delivery.explain.ExplainerTest.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The routing table as of an instant, rebuilt from the events, and explanations against it. */
class AsOfReplayTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Map<String, String> EU = Map.of("Region", "EU");

    private final List<EventEnvelope> topic = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();

    /** The next event of its artifact, {@code minutes} after T0. */
    private EventEnvelope at(int minutes, PortwayEvent event) {
        long sequence = sequences.merge(event.name(), 1L, Long::sum);
        EventEnvelope envelope = new EventEnvelope("e" + topic.size(), "id-" + event.name(), sequence, topic.size(),
                T0.plusSeconds(60L * minutes), "admin", "test", event);
        topic.add(envelope);
        return envelope;
    }

    private AsOfReplay replay(Instant asOf) {
        AsOfReplay replay = new AsOfReplay(asOf);
        topic.forEach(replay::offer);
        return replay;
    }

    private Explanation explain(Instant asOf, Map<String, String> context) {
        return Explainer.explain(replay(asOf).table(), context, Explainer.DEFAULT_LIMIT);
    }

    private static Instant minute(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private void startedPort(int minutes, String name, String region) {
        at(minutes, new SendPortCreated(name, false, false, configuration(filter(statement("Region", "==", region)))));
        at(minutes, new SendPortEnlisted(name));
        at(minutes, new SendPortStarted(name));
    }

    @Test
    void only_the_events_that_occurred_until_the_instant_count_and_position_is_how_many_were_applied() {
        startedPort(0, "eu", "EU");
        startedPort(10, "late", "EU");

        AsOfReplay before = replay(minute(5));
        assertThat(before.applied()).isEqualTo(3);
        assertThat(before.table().port("late")).isNull();
        assertThat(explain(minute(5), EU).routes()).extracting(Explanation.RouteView::sendPort)
                .containsExactly("eu");
        assertThat(explain(minute(10), EU).routes()).extracting(Explanation.RouteView::sendPort)
                .containsExactlyInAnyOrder("eu", "late");
        assertThat(explain(minute(-1), EU).routes()).isEmpty();
        assertThat(replay(minute(-1)).applied()).isZero();
    }

    @Test
    void a_reconfigured_filter_routes_by_the_filter_of_then_and_misses_by_todays() {
        startedPort(0, "regional", "EU");
        at(10, new SendPortConfigured("regional", configuration(filter(statement("Region", "==", "US")))));

        Explanation then = explain(minute(5), EU);
        assertThat(then.routes()).singleElement().satisfies(route -> {
            assertThat(route.sendPort()).isEqualTo("regional");
            assertThat(route.via()).isEqualTo("filter");
            assertThat(route.outcome()).isEqualTo("deliver");
        });

        Explanation now = explain(minute(20), EU);
        assertThat(now.routes()).isEmpty();
        assertThat(now.nearMisses()).singleElement().satisfies(miss -> {
            assertThat(miss.name()).isEqualTo("regional");
            assertThat(miss.failed()).singleElement().satisfies(failed -> {
                assertThat(failed.expected()).isEqualTo("US");
                assertThat(failed.actual()).isEqualTo("EU");
            });
        });
    }

    @Test
    void held_or_delivered_comes_from_the_state_of_then() {
        startedPort(0, "p", "EU");
        at(10, new SendPortStopped("p"));

        assertThat(explain(minute(5), EU).routes()).singleElement()
                .satisfies(route -> assertThat(route.outcome()).isEqualTo("deliver"));
        assertThat(explain(minute(15), EU).routes()).singleElement().satisfies(route -> {
            assertThat(route.outcome()).isEqualTo("held");
            assertThat(route.reason()).isEqualTo("PORT_STOPPED");
        });
    }

    @Test
    void a_group_reaches_the_members_it_had_then() {
        at(0, new SendPortCreated("a", false, false, configuration(filter(statement("Other", "exists", null)))));
        at(0, new SendPortStarted("a"));
        at(0, new SendPortCreated("b", false, false, configuration(filter(statement("Other", "exists", null)))));
        at(0, new SendPortStarted("b"));
        at(0, new SendPortGroupCreated("g", new SendPortGroupConfiguration("", "Default",
                filter(statement("Region", "==", "EU"))), List.of("a")));
        at(0, new SendPortGroupEnlisted("g"));
        at(0, new SendPortGroupStarted("g"));
        at(10, new SendPortAddedToGroup("g", "b"));
        at(20, new SendPortRemovedFromGroup("g", "a"));

        assertThat(explain(minute(5), EU).routes()).extracting(Explanation.RouteView::sendPort)
                .containsExactly("a");
        assertThat(explain(minute(15), EU).routes()).extracting(Explanation.RouteView::sendPort)
                .containsExactlyInAnyOrder("a", "b");
        assertThat(explain(minute(25), EU).routes()).extracting(Explanation.RouteView::sendPort)
                .containsExactly("b");
        assertThat(replay(minute(25)).table().group("g").members()).containsExactly("b");
    }

    @Test
    void a_redelivered_event_is_applied_once() {
        startedPort(0, "p", "EU");
        EventEnvelope reconfigured = at(1, new SendPortConfigured("p",
                configuration(filter(statement("Region", "==", "US")))));
        at(2, new SendPortConfigured("p", configuration(filter(statement("Region", "==", "EU")))));
        topic.add(reconfigured); // the relay sent it again after a crash

        AsOfReplay replay = replay(minute(5));
        assertThat(replay.applied()).isEqualTo(5);
        assertThat(Explainer.explain(replay.table(), EU, 20).routes()).extracting(Explanation.RouteView::sendPort)
                .containsExactly("p");
    }

    @Test
    void as_of_is_an_iso_instant_not_in_the_future_and_blank_means_now() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(ExplainController.asOf("2026-11-27T10:00:00Z", now)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(ExplainController.asOf("2026-11-27T11:00:00+01:00", now)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(ExplainController.asOf(null, now)).isNull();
        assertThat(ExplainController.asOf(" ", now)).isNull();
        for (String invalid : List.of("yesterday", "2026-11-27", "2026-11-27T10:00:00", "2026-12-01T12:00:01Z")) {
            assertThatThrownBy(() -> ExplainController.asOf(invalid, now)).as(invalid)
                    .isInstanceOfSatisfying(PortwayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ExplainController.INVALID_AS_OF);
                        assertThat(e.status().value()).isEqualTo(400);
                    });
        }
    }
}
