package io.portway.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static io.portway.events.ArtifactStatus.Bound;
import static io.portway.events.ArtifactStatus.Started;
import static io.portway.events.ArtifactStatus.Stopped;
import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTest {

    /** Every cell of the table: action, from, the statuses passed through ("-" = refused). */
    @ParameterizedTest
    @CsvSource({
            "ENLIST,   Bound,   Stopped",
            "ENLIST,   Stopped, -",
            "ENLIST,   Started, -",
            "START,    Bound,   Stopped Started",
            "START,    Stopped, Started",
            "START,    Started, -",
            "STOP,     Bound,   -",
            "STOP,     Stopped, -",
            "STOP,     Started, Stopped",
            "UNENLIST, Bound,   -",
            "UNENLIST, Stopped, Bound",
            "UNENLIST, Started, Stopped Bound"})
    void every_cell_of_the_table(Lifecycle action, ArtifactStatus from, String path) {
        List<ArtifactStatus> expected = path.equals("-") ? List.of()
                : Arrays.stream(path.split(" ")).map(ArtifactStatus::valueOf).toList();

        assertThat(action.path(from)).containsExactlyElementsOf(expected);
        assertThat(action.allowedFrom(from)).isEqualTo(!expected.isEmpty());
        if (!expected.isEmpty()) {
            assertThat(expected.get(expected.size() - 1)).isEqualTo(action.target());
        }
    }

    @ParameterizedTest
    @EnumSource(ArtifactStatus.class)
    void towards_names_the_action_whose_path_ends_at_the_target(ArtifactStatus from) {
        for (ArtifactStatus to : ArtifactStatus.values()) {
            Lifecycle action = Lifecycle.towards(from, to);
            if (from == to) {
                assertThat(action).isNull();
            } else {
                assertThat(action.path(from)).last().isEqualTo(to);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ArtifactStatus.class)
    void the_rules_that_span_artifacts(ArtifactStatus status) {
        assertThat(Lifecycle.enlisted(status)).isEqualTo(status != Bound);
        assertThat(Lifecycle.deletable(status)).isEqualTo(status == Bound);
        assertThat(Lifecycle.removableMember(status)).isEqualTo(status != Started);
        assertThat(Lifecycle.hasEnlistedMember(List.of(Bound, status))).isEqualTo(status != Bound);
        assertThat(Lifecycle.hasEnlistedMember(List.of())).isFalse();
        assertThat(Lifecycle.enlisted(Stopped)).isTrue();
    }
}
