package io.portway.delivery.explain;

import io.portway.delivery.routing.GroupDefinition;
import io.portway.delivery.routing.PortDefinition;
import io.portway.delivery.routing.RoutingTable;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.FilterOperator;
import io.portway.events.FilterStatement;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every cell of the outcome table explained, near-miss choice and ordering, missing properties, typed values. */
class ExplainerTest {

    private static final Filter COUNTRY_NL = filter(statement("Orders.Country", "==", "NL"));
    private static final Map<String, String> NL = Map.of("Orders.Country", "NL");
    private final RoutingTable table = new RoutingTable();

    static FilterStatement statement(String property, String operator, String value) {
        return new FilterStatement(property, FilterOperator.fromSymbol(operator).orElseThrow(), value);
    }

    /** One conjunction per argument. */
    @SafeVarargs
    static Filter filter(List<FilterStatement>... conjunctions) {
        return new Filter(Arrays.asList(conjunctions));
    }

    static Filter filter(FilterStatement... statements) {
        return new Filter(List.of(List.of(statements)));
    }

    static SendPortConfiguration configuration(Filter filter) {
        return new SendPortConfiguration("", "Default",
                new Transport(TransportType.FILE, "file:///tmp/out/%MessageID%.xml", Map.of(), 3,
                        Transport.DEFAULT_RETRY_INTERVAL, null),
                null, SendPipeline.PassThruTransmit, filter, 5, false, false, false, Tracking.NONE);
    }

    private void port(String name, ArtifactStatus status, Filter filter) {
        table.putPort(name, new PortDefinition(name, "id-" + name, false, false, status, configuration(filter)));
    }

    private void group(String name, ArtifactStatus status, Filter filter, String... members) {
        table.putGroup(name, new GroupDefinition(name, "id-" + name, status,
                new SendPortGroupConfiguration("", "Default", filter), List.of(members)));
    }

    private Explanation explain(Map<String, String> context) {
        return explain(context, Explainer.DEFAULT_LIMIT);
    }

    private Explanation explain(Map<String, String> context, int limit) {
        return Explainer.explain(table, context, limit);
    }

    private static Map<String, String> routes(Explanation explanation) {
        Map<String, String> routes = new HashMap<>();
        explanation.routes().forEach(route -> routes.put(route.sendPort(), route.via() + "/" + route.outcome()
                + (route.reason() == null ? "" : "/" + route.reason())));
        return routes;
    }

    private static List<String> misses(Explanation explanation) {
        return explanation.nearMisses().stream().map(miss -> miss.kind() + ":" + miss.name() + "/" + miss.status()
                + (miss.reason() == null ? "/" + miss.failed().size() : "/" + miss.reason())).toList();
    }

    @Test
    void a_port_reached_by_its_filter_delivers_when_started_is_held_when_stopped_and_a_bound_one_is_a_near_miss() {
        port("started", ArtifactStatus.Started, COUNTRY_NL);
        port("stopped", ArtifactStatus.Stopped, COUNTRY_NL);
        port("bound", ArtifactStatus.Bound, COUNTRY_NL);

        Explanation explanation = explain(NL);

        assertThat(routes(explanation)).containsOnly(
                Map.entry("started", "filter/deliver"),
                Map.entry("stopped", "filter/held/PORT_STOPPED"));
        assertThat(explanation.routes()).allSatisfy(route -> assertThat(route.conjunction()).isZero());
        assertThat(misses(explanation)).containsExactly("SendPort:bound/Bound/NOT_ENLISTED");
    }

    @Test
    void a_group_fans_out_by_the_outcome_table_and_its_bound_members_are_near_misses() {
        port("startedPort", ArtifactStatus.Started, Filter.EMPTY);
        port("stoppedPort", ArtifactStatus.Stopped, Filter.EMPTY);
        port("boundPort", ArtifactStatus.Bound, Filter.EMPTY);
        group("startedGroup", ArtifactStatus.Started, COUNTRY_NL, "startedPort", "stoppedPort", "boundPort", "gone");

        Explanation explanation = explain(NL);

        assertThat(routes(explanation)).containsOnly(
                Map.entry("startedPort", "group:startedGroup/deliver"),
                Map.entry("stoppedPort", "group:startedGroup/held/PORT_STOPPED"));
        assertThat(misses(explanation)).containsExactly(
                "SendPort:boundPort/Bound/MEMBER_NOT_ENLISTED", "SendPort:gone/null/NOT_FOUND");
    }

    @Test
    void a_stopped_group_holds_its_started_members_with_group_stopped_and_its_stopped_ones_with_port_stopped() {
        port("startedPort", ArtifactStatus.Started, Filter.EMPTY);
        port("stoppedPort", ArtifactStatus.Stopped, Filter.EMPTY);
        group("stoppedGroup", ArtifactStatus.Stopped, COUNTRY_NL, "startedPort", "stoppedPort");

        assertThat(routes(explain(NL))).containsOnly(
                Map.entry("startedPort", "group:stoppedGroup/held/GROUP_STOPPED"),
                Map.entry("stoppedPort", "group:stoppedGroup/held/PORT_STOPPED"));
    }

    @Test
    void a_bound_group_reaches_nobody_and_is_a_near_miss_not_enlisted() {
        port("member", ArtifactStatus.Started, Filter.EMPTY);
        group("boundGroup", ArtifactStatus.Bound, COUNTRY_NL, "member");

        Explanation explanation = explain(NL);

        assertThat(explanation.routes()).isEmpty();
        assertThat(misses(explanation)).containsExactly("SendPortGroup:boundGroup/Bound/NOT_ENLISTED");
    }

    @Test
    void delivery_wins_over_holding_when_a_port_is_reached_twice() {
        port("p", ArtifactStatus.Started, COUNTRY_NL);
        group("stoppedGroup", ArtifactStatus.Stopped, COUNTRY_NL, "p");

        assertThat(routes(explain(NL))).containsOnly(Map.entry("p", "filter/deliver"));
    }

    @Test
    void the_conjunction_is_the_index_of_the_first_that_matched() {
        port("p", ArtifactStatus.Started, filter(
                List.of(statement("Orders.Country", "==", "DE")),
                List.of(statement("Orders.Country", "==", "NL")),
                List.of(statement("Orders.Country", "exists", null))));
        group("g", ArtifactStatus.Started, filter(
                List.of(statement("Orders.Priority", "exists", null)),
                List.of(statement("Orders.Country", "!=", "BE"))), "q");
        port("q", ArtifactStatus.Started, Filter.EMPTY);

        Explanation explanation = explain(NL);

        assertThat(explanation.routes()).extracting(Explanation.RouteView::sendPort, Explanation.RouteView::conjunction)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("p", 1),
                        org.assertj.core.groups.Tuple.tuple("q", 1));
    }

    @Test
    void a_near_miss_shows_its_closest_conjunction_the_first_of_equals_and_its_missing_properties_as_null() {
        port("p", ArtifactStatus.Stopped, filter(
                List.of(statement("A", "==", "1"), statement("B", "==", "2"), statement("C", "exists", null)),
                List.of(statement("A", "==", "9"), statement("D", "<", "5")),
                List.of(statement("A", "==", "8"), statement("E", "exists", null))));

        Explanation explanation = explain(Map.of("A", "1", "B", "3"));

        assertThat(explanation.routes()).isEmpty();
        assertThat(explanation.nearMisses()).singleElement().satisfies(miss -> {
            assertThat(miss.status()).isEqualTo("Stopped");
            assertThat(miss.reason()).isNull();
            assertThat(miss.failed()).containsExactly(
                    new Explainer.Failed("B", "==", "2", "3"),
                    new Explainer.Failed("C", "exists", null, null));
        });
    }

    @Test
    void near_misses_are_ordered_by_failed_statements_then_name_and_capped_by_the_limit() {
        port("two-a", ArtifactStatus.Started, filter(statement("A", "==", "x"), statement("B", "==", "x")));
        port("one-b", ArtifactStatus.Started, filter(statement("A", "==", "x"), statement("B", "==", "1")));
        port("one-a", ArtifactStatus.Started, filter(statement("A", "==", "x")));
        group("three", ArtifactStatus.Started, filter(statement("A", "==", "x"), statement("B", "==", "x"),
                statement("C", "exists", null)), "one-a");
        port("bound-match", ArtifactStatus.Bound, filter(statement("A", "==", "1")));
        port("bound-miss", ArtifactStatus.Bound, filter(statement("A", "==", "2")));
        port("no-filter", ArtifactStatus.Started, Filter.EMPTY);

        Map<String, String> message = Map.of("A", "1", "B", "1");

        assertThat(misses(explain(message))).containsExactly(
                "SendPort:bound-match/Bound/NOT_ENLISTED",
                "SendPort:one-a/Started/1",
                "SendPort:one-b/Started/1",
                "SendPort:two-a/Started/2",
                "SendPortGroup:three/Started/3");
        assertThat(misses(explain(message, 3))).containsExactly(
                "SendPort:bound-match/Bound/NOT_ENLISTED",
                "SendPort:one-a/Started/1",
                "SendPort:one-b/Started/1");
    }

    @Test
    void values_are_compared_as_numbers_and_instants_when_both_sides_parse() {
        port("big", ArtifactStatus.Started, filter(statement("Amount", ">", "9")));
        port("small", ArtifactStatus.Started, filter(statement("Amount", "<", "9.5")));
        port("late", ArtifactStatus.Started, filter(statement("At", ">=", "2026-01-01T00:00:00Z")));
        port("exact", ArtifactStatus.Started, filter(statement("Amount", "==", "10.0")));

        Explanation explanation = explain(Map.of("Amount", "10", "At", "2025-12-31T23:00:00-02:00"));

        assertThat(routes(explanation)).containsOnly(
                Map.entry("big", "filter/deliver"),
                Map.entry("late", "filter/deliver"),
                Map.entry("exact", "filter/deliver"));
        assertThat(explanation.nearMisses()).singleElement().satisfies(miss -> {
            assertThat(miss.name()).isEqualTo("small");
            assertThat(miss.failed()).containsExactly(new Explainer.Failed("Amount", "<", "9.5", "10"));
        });
    }

    @Test
    void an_addressed_message_names_its_port_and_explains_an_unknown_or_bound_address() {
        port("started", ArtifactStatus.Started, COUNTRY_NL);
        port("bound", ArtifactStatus.Bound, Filter.EMPTY);
        group("g", ArtifactStatus.Started, Filter.EMPTY, "bound");

        Explanation direct = explain(Map.of("Portway.SendPort", "started"));
        assertThat(routes(direct)).containsOnly(Map.entry("started", "address/deliver"));
        assertThat(direct.routes().get(0).conjunction()).isNull();
        assertThat(direct.nearMisses()).isEmpty();

        assertThat(misses(explain(Map.of("Portway.SendPort", "nobody")))).containsExactly(
                "SendPort:nobody/null/NOT_FOUND");
        assertThat(misses(explain(Map.of("Portway.SendPort", "bound")))).containsExactly(
                "SendPort:bound/Bound/NOT_ENLISTED");
        assertThat(misses(explain(Map.of("Portway.SendPortGroup", "g")))).containsExactly(
                "SendPort:bound/Bound/MEMBER_NOT_ENLISTED");
    }

    @Test
    void the_position_is_the_version_of_the_table_that_answered() {
        table.replaceAll(List.of(), List.of(), 42);

        assertThat(explain(NL).position()).isEqualTo(42);
    }

    /**
     * The bounded pass (counting only, pruning what can no longer make the cut) keeps exactly the closest misses a
     * full scan would: for random tables and messages, the first {@code limit} of a scan with room for all of them.
     */
    @Test
    void a_bounded_explanation_keeps_exactly_the_closest_misses_of_a_full_scan() {
        java.util.Random random = new java.util.Random(11);
        List<String> properties = List.of("A", "B", "C", "D");
        List<String> operators = List.of("==", "!=", "<", ">", "exists");
        for (int i = 0; i < 400; i++) {
            List<List<FilterStatement>> conjunctions = new java.util.ArrayList<>();
            for (int c = random.nextInt(3); c >= 0; c--) {
                List<FilterStatement> statements = new java.util.ArrayList<>();
                for (int n = random.nextInt(4); n >= 0; n--) {
                    String operator = operators.get(random.nextInt(operators.size()));
                    statements.add(statement(properties.get(random.nextInt(properties.size())), operator,
                            operator.equals("exists") ? null : Integer.toString(random.nextInt(5))));
                }
                conjunctions.add(statements);
            }
            ArtifactStatus status = ArtifactStatus.values()[random.nextInt(ArtifactStatus.values().length)];
            if (i % 10 == 0) {
                group("g" + i, status, new Filter(conjunctions), "p" + random.nextInt(400), "missing" + i);
            } else {
                port("p" + i, status, new Filter(conjunctions));
            }
        }
        for (int m = 0; m < 200; m++) {
            Map<String, String> context = new HashMap<>();
            for (String property : properties) {
                if (random.nextInt(4) > 0) {
                    context.put(property, Integer.toString(random.nextInt(5)));
                }
            }
            Explanation full = explain(context, Explainer.MAX_LIMIT);
            for (int limit : List.of(1, 5, 20)) {
                Explanation bounded = explain(context, limit);
                assertThat(bounded.nearMisses()).as(context + " limit " + limit)
                        .isEqualTo(full.nearMisses().subList(0, Math.min(limit, full.nearMisses().size())));
                assertThat(bounded.routes()).isEqualTo(full.routes());
            }
        }
    }
}
