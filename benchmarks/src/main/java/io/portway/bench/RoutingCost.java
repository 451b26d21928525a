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

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code routing_cost}: µs per message to find its subscribers among 10,000 enlisted ports with filters, measured
 * with JMH as {@link Jmh} says (sample time: p50/p99 per message, 3 × 2 s warm-up, 5 × 2 s measured) on the
 * delivery service's own {@link RoutingTable}. Every port has a two-group DNF filter mixing {@code ==}, numeric
 * {@code >} and {@code exists}; 100 groups fan out to 10 ports each. Messages carry 6 context properties.
 */
public class RoutingCost implements Figure {

    static final int PORTS = 10_000;

    @Override
    public void run() throws Exception {
        Jmh.sampleTime(name(), "µs/message", RoutingCost.class, "route")
                .with("ports", PORTS).with("groups", 100)
                .with("target_us", 50).report();
    }

    /** One message routed: the figure's unit of work. */
    @Benchmark
    public void route(Fixture fixture, Blackhole blackhole) {
        blackhole.consume(fixture.table.route(fixture.next()));
    }

    /** The routing table and the messages of the figure (and of {@link ExplainCost}), built once per fork. */
    @State(Scope.Benchmark)
    public static class Fixture {
        RoutingTable table;
        List<Map<String, String>> messages;
        int next;

        @Setup
        public void build() {
            table = table(PORTS);
            messages = messages(10_000, new Random(7));
        }

        Map<String, String> next() {
            Map<String, String> message = messages.get(next);
            next = next + 1 == messages.size() ? 0 : next + 1;
            return message;
        }
    }

    static RoutingTable table(int ports) {
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
        return table;
    }

    static List<Map<String, String>> messages(int count, Random random) {
        List<Map<String, String>> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> context = new HashMap<>();
            context.put("Orders.Region", "R" + random.nextInt(1000));
            context.put("Orders.Amount", Integer.toString(random.nextInt(1000)));
            context.put("Orders.Customer", "C" + random.nextInt(20_000));
            context.put("Orders.Type", "T" + random.nextInt(1000));
            context.put("BTS.MessageType", "http://orders#Order");
            context.put("BTS.ReceivePortName", "RP" + random.nextInt(10));
            messages.add(context);
        }
        return messages;
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
