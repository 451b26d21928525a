package io.portway.support;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class UuidsTest {

    @Test
    void uuidsAreVersion4OfTheIetfVariant_andNeverRepeat_acrossThreads() {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(thread -> {
            for (int i = 0; i < 25_000; i++) {
                UUID uuid = Uuids.random();
                assertThat(uuid.version()).isEqualTo(4);
                assertThat(uuid.variant()).isEqualTo(2);
                seen.add(uuid);
            }
        });
        assertThat(seen).hasSize(200_000);
        assertThat(UUID.fromString(Uuids.random().toString()).version()).isEqualTo(4);
    }
}
