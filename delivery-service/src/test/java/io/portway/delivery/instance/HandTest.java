package io.portway.delivery.instance;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HandTest {

    private static Claimed claimed(String port) {
        return new Claimed(UUID.randomUUID(), "m", 1, port, "filter", 0, "PRIMARY", 0, false, Instant.EPOCH, 0,
                Map.of(), new byte[0], null, null);
    }

    @Test
    void everything_claimed_or_unrecorded_stays_leased_until_recorded() {
        Hand hand = new Hand();
        Claimed first = claimed("a");
        Claimed second = claimed("a");
        hand.take(List.of(first, second));

        assertThat(hand.next(Instant.EPOCH)).isEqualTo(first);
        hand.sent();
        assertThat(hand.held()).containsExactlyInAnyOrder(first.id(), second.id());

        hand.released(List.of(first.id()));
        assertThat(hand.held()).containsExactly(second.id());
    }

    @Test
    void what_waits_behind_a_hanging_send_is_taken_back_and_never_sent_by_this_worker() {
        Hand hand = new Hand();
        Claimed hanging = claimed("slow");
        Claimed waiting = claimed("other");
        hand.take(List.of(hanging, waiting));
        Instant start = Instant.EPOCH;
        hand.next(start);

        assertThat(hand.takeBackIfStuck(start.plusSeconds(1), Duration.ofSeconds(2))).isEmpty();
        assertThat(hand.takeBackIfStuck(start.plusSeconds(3), Duration.ofSeconds(2))).containsExactly(waiting.id());

        hand.sent();
        assertThat(hand.next(start.plusSeconds(4))).isNull();
        assertThat(hand.held()).containsExactly(hanging.id());
    }

    @Test
    void the_waiting_instances_of_a_busy_port_are_taken_back_together() {
        Hand hand = new Hand();
        Claimed busy1 = claimed("busy");
        Claimed other = claimed("other");
        Claimed busy2 = claimed("busy");
        hand.take(List.of(busy1, other, busy2));

        assertThat(hand.takeBack("busy")).containsExactly(busy1.id(), busy2.id());
        assertThat(hand.next(Instant.EPOCH)).isEqualTo(other);
    }

    @Test
    void at_most_the_allowed_number_of_workers_send_to_one_port() throws InterruptedException {
        PortSlots slots = new PortSlots(2);

        assertThat(slots.enter("dead", 0)).isTrue();
        assertThat(slots.enter("dead", 0)).isTrue();
        assertThat(slots.enter("dead", 0)).isFalse();
        assertThat(slots.enter("alive", 0)).isTrue();
        slots.leave("dead");
        assertThat(slots.enter("dead", 0)).isTrue();
    }
}
