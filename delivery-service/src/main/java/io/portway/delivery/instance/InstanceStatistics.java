package io.portway.delivery.instance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.portway.delivery.instance.InstanceStatus.sql;

/** Read-only counts of {@code delivery.service_instance} for the metrics and the overview; it changes nothing. */
@Repository
class InstanceStatistics {

    private final JdbcTemplate jdbc;

    InstanceStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<InstanceStatus, Long> countByStatus() {
        Map<InstanceStatus, Long> counts = new EnumMap<>(InstanceStatus.class);
        jdbc.query("select status, count(*) from delivery.service_instance group by status", rs -> {
            counts.put(InstanceStatus.valueOf(rs.getString(1)), rs.getLong(2));
        });
        return counts;
    }

    /** Held and suspended instances per port, status and reason: one grouped query (the held index covers most). */
    List<InstanceOverview.Waiting> heldAndSuspended() {
        return jdbc.query("select send_port, status, reason, count(*) from delivery.service_instance "
                        + "where status in " + sql(InstanceOverview.WAITING) + " group by send_port, status, reason "
                        + "order by send_port, status, reason",
                (rs, row) -> new InstanceOverview.Waiting(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4)));
    }

    /**
     * Deliveries (instances Completed), failures (instances that ended an attempt Suspended, SuspendedNotResumable
     * or Terminated with a failure code) and the p99 delivery latency ({@code completed_at - created_at}) per minute
     * in {@code [from, to)}, minutes without any left out; {@code sendPort} narrows it to one port when given.
     */
    List<InstanceOverview.Minute> perMinute(Instant from, Instant to, String sendPort) {
        String failures = InstanceOverview.FAILURES.stream().map(reason -> "'" + reason.name() + "'")
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        String port = sendPort == null ? "" : " and send_port = ?";
        Timestamp start = Timestamp.from(from);
        Timestamp end = Timestamp.from(to);
        List<Object> arguments = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            arguments.add(start);
            arguments.add(end);
            if (sendPort != null) {
                arguments.add(sendPort);
            }
        }
        return jdbc.query("with outcome as ("
                        + "select completed_at as at, true as delivered, "
                        + "extract(epoch from completed_at - created_at) * 1000 as latency_ms "
                        + "from delivery.service_instance where status = 'Completed' "
                        + "and completed_at >= ? and completed_at < ?" + port
                        + " union all select updated_at, false, null from delivery.service_instance "
                        + "where status in ('Suspended', 'SuspendedNotResumable') and reason in " + failures
                        + " and updated_at >= ? and updated_at < ?" + port
                        + " union all select completed_at, false, null from delivery.service_instance "
                        + "where status = 'Terminated' and reason in " + failures
                        + " and completed_at >= ? and completed_at < ?" + port + ") "
                        + "select date_trunc('minute', at) as minute, count(*) filter (where delivered), "
                        + "count(*) filter (where not delivered), "
                        + "percentile_cont(0.99) within group (order by latency_ms) "
                        + "from outcome group by 1 order by 1",
                (rs, row) -> new InstanceOverview.Minute(rs.getTimestamp(1).toInstant(), rs.getLong(2),
                        rs.getLong(3), rs.getObject(4) == null ? null : Math.round(rs.getDouble(4))),
                arguments.toArray());
    }
}
