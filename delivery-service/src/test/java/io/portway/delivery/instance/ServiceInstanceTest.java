package io.portway.delivery.instance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceInstanceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static ServiceInstance in(InstanceStatus status) {
        return new ServiceInstance(UUID.randomUUID(), "m-1", "port", status, 2);
    }

    @ParameterizedTest
    @EnumSource(value = InstanceStatus.class, names = {"ReadyToRun", "Scheduled", "WaitingToRetry"})
    void an_instance_waiting_to_run_can_be_suspended(InstanceStatus status) {
        assertThat(in(status).suspendByOperator(NOW).reason()).isEqualTo("SUSPENDED_BY_OPERATOR");
    }

    @ParameterizedTest
    @EnumSource(value = InstanceStatus.class, names = {"Active", "Suspended", "SuspendedNotResumable", "Completed",
            "Terminated"})
    void other_instances_refuse_a_suspend_with_409(InstanceStatus status) {
        assertThatThrownBy(() -> in(status).suspendByOperator(NOW))
                .isInstanceOf(InvalidInstanceStateException.class)
                .hasMessageContaining(status.name());
    }

    @Test
    void an_instance_being_delivered_or_finished_refuses_a_terminate() {
        assertThatThrownBy(() -> in(InstanceStatus.Active).terminateByOperator("op", NOW))
                .hasMessageContaining("being delivered right now");
        assertThatThrownBy(() -> in(InstanceStatus.Completed).terminateByOperator("op", NOW))
                .hasMessageContaining("already finished");
        assertThat(in(InstanceStatus.SuspendedNotResumable).terminateByOperator("op", NOW).reason())
                .isEqualTo("TERMINATED_BY_OPERATOR");
    }

    @Test
    void a_resume_ends_the_instance_resubmitted_and_starts_a_new_one_that_counts_the_resubmission() {
        ServiceInstance suspended = in(InstanceStatus.Suspended);
        UUID next = UUID.randomUUID();

        ServiceInstance.Resubmission resubmission = suspended.resume(next, "op", NOW);

        assertThat(resubmission.ended().reason()).isEqualTo("RESUBMITTED");
        assertThat(resubmission.resumed().instanceId()).isEqualTo(next.toString());
        assertThat(resubmission.resumed().resubmittedFrom()).isEqualTo(suspended.id().toString());
        assertThat(resubmission.resumed().resubmissions()).isEqualTo(3);
        assertThatThrownBy(() -> in(InstanceStatus.SuspendedNotResumable).resume(next, "op", NOW))
                .isInstanceOf(InvalidInstanceStateException.class);
    }
}
