package io.portway.query.projection;

import io.portway.support.PortwayException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class CatchUpTest {

    /** Re-checks so rare that a read which missed a batch's signal would wait far longer than the test allows. */
    static final Duration NEVER = Duration.ofMinutes(5);

    @Test
    void a_batch_committed_between_the_check_and_the_wait_wakes_the_read_at_once() {
        AtomicLong version = new AtomicLong(1);
        AtomicReference<CatchUp> catchUp = new AtomicReference<>();
        catchUp.set(new CatchUp(NEVER, NEVER, () -> {
            // the read found version 1; now, before it waits, the consumer commits version 2 and signals
            if (version.compareAndSet(1, 2)) {
                catchUp.get().signal();
            }
        }));

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchUp.get().await("SP1", 2L, version::get));
        assertThat(version.get()).isEqualTo(2);
    }

    @Test
    void a_read_waiting_for_a_version_is_woken_by_the_batch_that_brings_it() throws Exception {
        AtomicLong version = new AtomicLong(1);
        CountDownLatch waiting = new CountDownLatch(1);
        CatchUp catchUp = new CatchUp(NEVER, NEVER, waiting::countDown);
        Thread consumer = new Thread(() -> {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            version.set(3);
            catchUp.signal();
        });
        consumer.start();

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchUp.await("SP1", 3L, version::get));
        consumer.join(TimeUnit.SECONDS.toMillis(30));
    }

    @Test
    void a_read_that_does_not_catch_up_answers_not_caught_up() {
        CatchUp catchUp = new CatchUp(Duration.ofMillis(20), Duration.ofMillis(5), () -> { });

        assertThatThrownBy(() -> catchUp.await("SP1", 2L, () -> 1))
                .isInstanceOfSatisfying(PortwayException.class,
                        e -> assertThat(e.code()).isEqualTo("NOT_CAUGHT_UP"));
    }
}
