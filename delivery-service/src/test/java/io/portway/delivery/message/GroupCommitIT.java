package io.portway.delivery.message;

import io.portway.delivery.DeliveryIT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Group commit on real PostgreSQL: units queued while the committer is busy share the next transaction, a failing
 * unit is rolled back alone, and a commit that fails fails every caller of its batch and stores nothing. The
 * interleavings are forced: the first unit holds the only committer until the others are queued. Same configuration
 * as {@code DeliveryServiceIT}, so the Spring context is shared.
 */
@DeliveryIT
class GroupCommitIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    /** The callers: threads of their own (the common pool may have one thread on two cores). */
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeAll
    void table() {
        jdbc.execute("create table if not exists public.group_commit_it (key text,"
                + " constraint group_commit_it_key unique (key) deferrable initially deferred)");
    }

    @AfterAll
    void drop() {
        callers.shutdownNow();
        jdbc.execute("drop table if exists public.group_commit_it");
    }

    /**
     * Inserts the key and answers the id of the transaction it ran in. A key starting with "hold" first waits for
     * the latch; "bad" inserts, then throws; "dup" inserts a key shared by the other "dup" units.
     */
    private Function<String, Long> unit(CountDownLatch holding, CountDownLatch held, String run) {
        return key -> {
            if (key.startsWith("hold")) {
                holding.countDown();
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            jdbc.update("insert into public.group_commit_it (key) values (?)",
                    key.startsWith("dup") ? "dup-" + run : key);
            if (key.startsWith("bad")) {
                throw new IllegalArgumentException("refused " + key);
            }
            return jdbc.queryForObject("select txid_current()", Long.class);
        };
    }

    @Test
    void unitsQueuedWhileTheCommitterIsBusy_shareOneTransaction_andAFailingUnitIsRolledBackAlone()
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        String run = UUID.randomUUID().toString();
        try (GroupCommit<String, Long> commits = new GroupCommit<>("gc-it", transactions,
                unit(holding, held, run), 1, 64,
                sizes::add)) {
            CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> commits.submit("hold-" + run),
                    callers);
            assertThat(holding.await(30, TimeUnit.SECONDS)).as("the committer holds the first unit").isTrue();
            List<String> keys = List.of("a-" + run, "b-" + run, "bad-" + run, "c-" + run);
            List<CompletableFuture<Long>> rest = new ArrayList<>();
            for (String key : keys) {
                rest.add(CompletableFuture.supplyAsync(() -> commits.submit(key), callers));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> commits.queued() == keys.size());
            held.countDown();

            long firstTransaction = first.join();
            assertThat(rest.get(0).join()).isNotEqualTo(firstTransaction)
                    .isEqualTo(rest.get(1).join()).isEqualTo(rest.get(3).join());
            assertThatThrownBy(() -> rest.get(2).join()).hasRootCauseInstanceOf(IllegalArgumentException.class);
            assertThat(sizes).containsExactly(1, 4);
        }
        assertThat(jdbc.queryForList("select key from public.group_commit_it where key like ? order by key",
                String.class, "%" + run)).containsExactly("a-" + run, "b-" + run, "c-" + run, "hold-" + run);
    }

    @Test
    void aCommitThatFails_failsEveryCallerOfItsBatch_andStoresNothing() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        String run = UUID.randomUUID().toString();
        try (GroupCommit<String, Long> commits = new GroupCommit<>("gc-it", transactions,
                unit(holding, held, run), 1, 64,
                size -> { })) {
            CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> commits.submit("hold-" + run),
                    callers);
            assertThat(holding.await(30, TimeUnit.SECONDS)).as("the committer holds the first unit").isTrue();
            // the same key twice: the deferred unique constraint fails at the commit, not at the insert
            List<CompletableFuture<Long>> batch = List.of(
                    CompletableFuture.supplyAsync(() -> commits.submit("x-" + run), callers),
                    CompletableFuture.supplyAsync(() -> commits.submit("dup-1"), callers),
                    CompletableFuture.supplyAsync(() -> commits.submit("dup-2"), callers));
            await().atMost(Duration.ofSeconds(30)).until(() -> commits.queued() == 3);
            held.countDown();
            first.join();

            for (CompletableFuture<Long> answer : batch) {
                assertThatThrownBy(answer::join).hasStackTraceContaining("group_commit_it_key");
            }
        }
        assertThat(jdbc.queryForList("select key from public.group_commit_it where key like ?", String.class,
                "%" + run)).containsExactly("hold-" + run);
    }
}
