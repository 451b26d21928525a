package io.portway.delivery.routing;

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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcome table of docs/RULES.md §4, direct addressing, one route per port, and the index against a scan. */
class RoutingTableTest {

    private static final Filter COUNTRY_NL = filter("Orders.Country", "==", "NL");
    private final RoutingTable table = new RoutingTable();

    static Filter filter(String property, String operator, String value) {
        return new Filter(List.of(List.of(new FilterStatement(property,
                FilterOperator.fromSymbol(operator).orElseThrow(), value))));
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

    private Map<String, String> outcomes(Map<String, String> context) {
        Map<String, String> outcomes = new HashMap<>();
        for (Route route : table.route(context)) {
            outcomes.put(route.port().name(), route.via() + "/" + (route.delivered() ? "delivered"
                    : route.holdReason()));
        }
        return outcomes;
    }

    @Test
    void a_port_reached_by_its_filter_delivers_when_started_and_holds_when_stopped_and_bound_gets_nothing() {
        port("started", ArtifactStatus.Started, COUNTRY_NL);
        port("stopped", ArtifactStatus.Stopped, COUNTRY_NL);
        port("bound", ArtifactStatus.Bound, COUNTRY_NL);

        assertThat(outcomes(Map.of("Orders.Country", "NL"))).containsOnly(
                Map.entry("started", "filter/delivered"),
                Map.entry("stopped", "filter/PORT_STOPPED"));
    }

    @Test
    void a_group_fans_out_by_the_outcome_table() {
        port("startedPort", ArtifactStatus.Started, Filter.EMPTY);
        port("stoppedPort", ArtifactStatus.Stopped, Filter.EMPTY);
        port("boundPort", ArtifactStatus.Bound, Filter.EMPTY);
        group("startedGroup", ArtifactStatus.Started, COUNTRY_NL, "startedPort", "stoppedPort", "boundPort");

        assertThat(outcomes(Map.of("Orders.Country", "NL"))).containsOnly(
                Map.entry("startedPort", "group:startedGroup/delivered"),
                Map.entry("stoppedPort", "group:startedGroup/PORT_STOPPED"));

        group("startedGroup", ArtifactStatus.Stopped, COUNTRY_NL, "startedPort", "stoppedPort", "boundPort");

        assertThat(outcomes(Map.of("Orders.Country", "NL"))).containsOnly(
                Map.entry("startedPort", "group:startedGroup/GROUP_STOPPED"),
                Map.entry("stoppedPort", "group:startedGroup/PORT_STOPPED"));
    }

    @Test
    void a_bound_group_routes_nothing() {
        port("p", ArtifactStatus.Started, Filter.EMPTY);
        group("g", ArtifactStatus.Bound, COUNTRY_NL, "p");

        assertThat(table.route(Map.of("Orders.Country", "NL"))).isEmpty();
    }

    @Test
    void one_route_per_port_and_delivery_wins_over_holding() {
        port("p", ArtifactStatus.Started, COUNTRY_NL);
        group("stoppedGroup", ArtifactStatus.Stopped, COUNTRY_NL, "p");
        group("startedGroup", ArtifactStatus.Started, COUNTRY_NL, "p");

        List<Route> routes = table.route(Map.of("Orders.Country", "NL"));

        assertThat(routes).hasSize(1);
        assertThat(routes.get(0).delivered()).isTrue();

        port("q", ArtifactStatus.Started, Filter.EMPTY);
        group("g1", ArtifactStatus.Stopped, COUNTRY_NL, "q");
        group("g2", ArtifactStatus.Started, filter("Orders.Country", "exists", null), "q");

        assertThat(outcomes(Map.of("Orders.Country", "NL"))).containsEntry("q", "group:g2/delivered");
    }

    @Test
    void direct_addressing_skips_filters() {
        port("addressed", ArtifactStatus.Started, Filter.EMPTY);
        port("subscriber", ArtifactStatus.Started, COUNTRY_NL);
        port("stoppedAddressed", ArtifactStatus.Stopped, Filter.EMPTY);
        group("g", ArtifactStatus.Stopped, Filter.EMPTY, "subscriber");

        assertThat(outcomes(Map.of("Portway.SendPort", "addressed", "Orders.Country", "NL")))
                .containsOnly(Map.entry("addressed", "address/delivered"));
        assertThat(outcomes(Map.of("Portway.SendPort", "stoppedAddressed")))
                .containsOnly(Map.entry("stoppedAddressed", "address/PORT_STOPPED"));
        assertThat(outcomes(Map.of("Portway.SendPortGroup", "g")))
                .containsOnly(Map.entry("subscriber", "group:g/GROUP_STOPPED"));
        assertThat(table.route(Map.of("Portway.SendPort", "nobody"))).isEmpty();
    }

    @Test
    void removing_and_reconfiguring_changes_the_subscription() {
        port("p", ArtifactStatus.Started, COUNTRY_NL);
        port("p", ArtifactStatus.Started, filter("Orders.Country", "==", "BE"));

        assertThat(table.route(Map.of("Orders.Country", "NL"))).isEmpty();
        assertThat(table.route(Map.of("Orders.Country", "BE"))).hasSize(1);

        table.putPort("p", null);
        assertThat(table.route(Map.of("Orders.Country", "BE"))).isEmpty();
    }

    @Test
    void the_index_finds_exactly_what_evaluating_every_filter_finds() {
        Random random = new Random(42);
        String[] properties = {"A", "B", "C", "D"};
        String[] values = {"1", "2", "10", "x", "y", "2024-01-01T00:00:00Z", "1.0"};
        String[] operators = {"==", "!=", "<", "<=", ">", ">=", "exists"};
        Map<String, CompiledFilter> filters = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            List<List<FilterStatement>> groups = new ArrayList<>();
            for (int g = 0; g < 1 + random.nextInt(3); g++) {
                List<FilterStatement> statements = new ArrayList<>();
                for (int s = 0; s < 1 + random.nextInt(3); s++) {
                    String operator = operators[random.nextInt(operators.length)];
                    statements.add(new FilterStatement(properties[random.nextInt(properties.length)],
                            FilterOperator.fromSymbol(operator).orElseThrow(),
                            operator.equals("exists") ? null : values[random.nextInt(values.length)]));
                }
                groups.add(statements);
            }
            Filter filter = new Filter(groups);
            port("p" + i, ArtifactStatus.Started, filter);
            filters.put("p" + i, CompiledFilter.of(filter));
        }
        for (int m = 0; m < 500; m++) {
            Map<String, String> context = new HashMap<>();
            for (String property : properties) {
                if (random.nextBoolean()) {
                    context.put(property, values[random.nextInt(values.length)]);
                }
            }
            Set<String> expected = filters.entrySet().stream().filter(e -> e.getValue().matches(context))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            Set<String> routed = table.route(context).stream().map(route -> route.port().name())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(routed).as("context %s", context).isEqualTo(expected);
        }
    }
}
