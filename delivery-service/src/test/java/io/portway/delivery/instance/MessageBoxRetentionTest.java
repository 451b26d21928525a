package io.portway.delivery.instance;

import io.portway.delivery.instance.MessageBoxRetention.Purged;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageBoxRetentionTest {

    /** Batches as a purge would commit them, in order; counts how many were asked for. */
    private static final class Batches {
        final List<Purged> batches;
        final AtomicInteger asked = new AtomicInteger();

        Batches(Purged... batches) {
            this.batches = Arrays.asList(batches);
        }

        /** The next batch; nothing once they are used up. Null stands for "another purge runs". */
        Purged next() {
            int index = asked.getAndIncrement();
            return index < batches.size() ? batches.get(index) : new Purged(0, 0, 0);
        }
    }

    @Test
    void a_purge_goes_on_while_batches_come_back_full_and_stops_at_the_first_short_one() {
        Batches batches = new Batches(new Purged(3, 2, 0), new Purged(3, 3, 1), new Purged(1, 1, 0),
                new Purged(3, 3, 3));

        Purged total = MessageBoxRetention.drain(batches::next, 3, () -> true);

        assertThat(total).isEqualTo(new Purged(7, 6, 1));
        assertThat(batches.asked).hasValue(3);
    }

    @Test
    void a_batch_full_of_routing_failures_alone_is_followed_by_another() {
        Batches batches = new Batches(new Purged(0, 0, 3), new Purged(0, 0, 2));

        assertThat(MessageBoxRetention.drain(batches::next, 3, () -> true)).isEqualTo(new Purged(0, 0, 5));
        assertThat(batches.asked).hasValue(2);
    }

    @Test
    void a_purge_that_finds_another_one_running_stops_without_counting() {
        Batches batches = new Batches(new Purged(3, 3, 0), null, new Purged(3, 3, 0));

        assertThat(MessageBoxRetention.drain(batches::next, 3, () -> true)).isEqualTo(new Purged(3, 3, 0));
        assertThat(batches.asked).hasValue(2);
    }

    @Test
    void a_purge_stops_between_batches_when_the_service_stops() {
        Batches batches = new Batches(new Purged(3, 3, 0), new Purged(3, 3, 0), new Purged(3, 3, 0));
        AtomicInteger checks = new AtomicInteger();

        Purged total = MessageBoxRetention.drain(batches::next, 3, () -> checks.incrementAndGet() <= 2);

        assertThat(total).isEqualTo(new Purged(6, 6, 0));
        assertThat(batches.asked).hasValue(2);
    }

    @Test
    void retention_defaults_to_seven_days_every_minute_and_zero_turns_it_off() {
        RetentionProperties defaults = new RetentionProperties(null, null, null);
        assertThat(defaults.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.retentionInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.retentionBatch()).isEqualTo(500);
        assertThat(defaults.purges()).isTrue();

        assertThat(new RetentionProperties(Duration.ZERO, null, null).purges()).isFalse();
        assertThat(new RetentionProperties(null, Duration.ZERO, null).purges()).isFalse();
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(-1), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionProperties(null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
