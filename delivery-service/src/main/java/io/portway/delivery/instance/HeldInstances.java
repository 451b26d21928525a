package io.portway.delivery.instance;

import io.portway.delivery.outbox.Outbox;
import io.portway.delivery.routing.ArtifactStarted;
import io.portway.delivery.routing.HeldAtStart;
import io.portway.events.ArtifactKind;
import io.portway.events.delivery.ServiceInstanceResumed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Releases held instances when their port or group starts, in the routing table's transaction and under the
 * lock every admission of a held instance takes, so no instance is held against a start it did not see.
 */
@Component
class HeldInstances implements HeldAtStart {

    private static final Logger log = LoggerFactory.getLogger(HeldInstances.class);

    private final ServiceInstanceRepository instances;
    private final Outbox outbox;
    private final Doorbell doorbell;

    HeldInstances(ServiceInstanceRepository instances, Outbox outbox, Doorbell doorbell) {
        this.instances = instances;
        this.outbox = outbox;
        this.doorbell = doorbell;
    }

    @Override
    public Set<ArtifactStarted> holding(List<ArtifactStarted> starts) {
        ServiceInstanceRepository.Holding holding = instances.lockAndFindHolding(
                names(starts, ArtifactKind.SendPort), names(starts, ArtifactKind.SendPortGroup));
        return starts.stream().filter(start -> (start.kind() == ArtifactKind.SendPort ? holding.ports()
                : holding.groups()).contains(start.name())).collect(Collectors.toSet());
    }

    private static Set<String> names(List<ArtifactStarted> starts, ArtifactKind kind) {
        return starts.stream().filter(start -> start.kind() == kind).map(ArtifactStarted::name)
                .collect(Collectors.toSet());
    }

    @Override
    public void release(ArtifactStarted started) {
        Instant now = Instant.now();
        List<ServiceInstanceResumed> released = switch (started.kind()) {
            case SendPort -> instances.releasePort(started.name(), started.principal(), now);
            case SendPortGroup -> instances.releaseGroup(started.name(), started.principal(), now);
        };
        if (!released.isEmpty()) {
            log.info("released {} held instance(s) of {} {}", released.size(), started.kind(), started.name());
            outbox.addAll(released);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    doorbell.ring();
                }
            });
        }
    }
}
