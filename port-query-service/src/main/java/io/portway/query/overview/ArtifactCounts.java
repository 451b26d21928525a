package io.portway.query.overview;

import io.portway.events.ArtifactStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts the live send ports and groups per status: one grouped query over both read models. */
@Component
class ArtifactCounts {

    @Schema(description = "How many artifacts there are, and how many in each status (every status is listed)")
    record Counts(long total, Map<ArtifactStatus, Long> byStatus) {
    }

    @Schema(description = "Live send ports and send port groups counted per status")
    record Answer(Counts sendPorts, Counts sendPortGroups) {
    }

    private final JdbcTemplate jdbc;

    ArtifactCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Answer count(String application) {
        Map<ArtifactStatus, Long> ports = zero();
        Map<ArtifactStatus, Long> groups = zero();
        String where = application == null ? "" : " where application = ?";
        List<Object> arguments = new ArrayList<>();
        if (application != null) {
            arguments.add(application);
            arguments.add(application);
        }
        jdbc.query("select 'port', status, count(*) from query.send_port" + where + " group by status "
                        + "union all select 'group', status, count(*) from query.send_port_group" + where
                        + " group by status",
                rs -> {
                    ("port".equals(rs.getString(1)) ? ports : groups)
                            .put(ArtifactStatus.valueOf(rs.getString(2)), rs.getLong(3));
                }, arguments.toArray());
        return new Answer(counts(ports), counts(groups));
    }

    private static Map<ArtifactStatus, Long> zero() {
        Map<ArtifactStatus, Long> counts = new EnumMap<>(ArtifactStatus.class);
        for (ArtifactStatus status : ArtifactStatus.values()) {
            counts.put(status, 0L);
        }
        return counts;
    }

    private static Counts counts(Map<ArtifactStatus, Long> byStatus) {
        return new Counts(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus);
    }
}
