package io.portway.bench;

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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code routing_cost}: µs per message to find its subscribers among 10,000 enlisted ports with filters, measured
 * in process on the delivery service's own {@link RoutingTable}. Every port has a two-group DNF filter mixing
 * {@code ==}, numeric {@code >} and {@code exists}; 100 groups fan out to 10 ports each. Messages carry 6 context
 * properties. Warm-up 5 s, then 20 s measured.
 */
final class RoutingCost implements Figure {

    @Override
    public String name() {
        return "routing_cost";
    }

    @Override
    public void run() {
        int ports = 10_000;
        RoutingTable table = new RoutingTable();
        for (int i = 0; i < ports; i++) {
            Filter filter = new Filter(List.of(
                    List.of(statement("Orders.Region", FilterOperator.EQUALS, "R" + (i % 100)),
                            statement("Orders.Amount", FilterOperator.GREATER_THAN, Integer.toString(i % 1000))),
                    List.of(statement("Orders.Customer", FilterOperator.EQUALS, "C" + i),
                            statement("Orders.Priority", FilterOperator.EXISTS, null))));
            table.putPort("port-" + i, new PortDefinition("port-" + i, "id-" + i, false, false,
                    i % 10 == 0 ? ArtifactStatus.Stopped : ArtifactStatus.Started, configuration(filter)));
        }
        for (int g = 0; g < 100; g++) {
            List<String> members = new ArrayList<>();
            for (int m = 0; m < 10; m++) {
                members.add("port-" + (g * 10 + m));
            }
            table.putGroup("group-" + g, new GroupDefinition("group-" + g, "gid-" + g, ArtifactStatus.Started,
                    new SendPortGroupConfiguration("", "Default", new Filter(List.of(List.of(
                            statement("Orders.Type", FilterOperator.EQUALS, "T" + g))))), members));
        }
        Random random = new Random(7);
        List<Map<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Map<String, String> context = new HashMap<>();
            context.put("Orders.Region", "R" + random.nextInt(1000));
            context.put("Orders.Amount", Integer.toString(random.nextInt(1000)));
            context.put("Orders.Customer", "C" + random.nextInt(20_000));
            context.put("Orders.Type", "T" + random.nextInt(1000));
            context.put("BTS.MessageType", "http://orders#Order");
            context.put("BTS.ReceivePortName", "RP" + random.nextInt(10));
            messages.add(context);
        }
        long routes = measure(table, messages, 5_000_000_000L);
        long start = System.nanoTime();
        long count = 0;
        routes = 0;
        long deadline = start + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Map<String, String> message : messages) {
                routes += table.route(message).size();
            }
            count += messages.size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double micros = seconds * 1e6 / count;
        new BenchResult(name(), micros, "µs/message").with("ports", ports).with("groups", 100).with("n", count)
                .with("seconds", Math.round(seconds)).with("routes_per_message", (double) routes / count)
                .with("target_us", 50).report();
    }

    private static long measure(RoutingTable table, List<Map<String, String>> messages, long nanos) {
        long deadline = System.nanoTime() + nanos;
        long routes = 0;
        while (System.nanoTime() < deadline) {
            for (Map<String, String> message : messages) {
                routes += table.route(message).size();
            }
        }
        return routes;
    }

    private static FilterStatement statement(String property, FilterOperator operator, String value) {
        return new FilterStatement(property, operator, value);
    }

    private static SendPortConfiguration configuration(Filter filter) {
        return new SendPortConfiguration("", "Default", new Transport(TransportType.FILE,
                "file:///tmp/portway-bench/%MessageID%.xml", Map.of(), 3, Transport.DEFAULT_RETRY_INTERVAL, null),
                null, SendPipeline.PassThruTransmit, filter, 5, false, false, false, Tracking.NONE);
    }
}
