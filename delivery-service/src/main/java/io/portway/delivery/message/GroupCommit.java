package io.portway.delivery.message;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Group commit: units of work submitted by many threads at once share one transaction, so that a burst of
 * publishes pays for one durable commit instead of one each. A caller is answered only after the transaction that
 * holds its unit committed. A unit that fails is rolled back alone and its caller gets its exception, the others
 * commit (the batch is run again with a savepoint per unit, see {@link #commit}). A failed commit fails every unit
 * of the batch (nothing of it is stored, every caller is told so).
 *
 * <p>Batches form by themselves: a committer takes what is queued when it is free, so a lone caller waits for no
 * one, and under load the batches grow to {@code maxBatch}. {@code committers} transactions run at once.
 */
final class GroupCommit<I, O> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<I, O>(I input, CompletableFuture<O> answer) {
    }

    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final TransactionTemplate transactions;
    private final Function<I, O> unit;
    private final Function<List<I>, List<O>> units;
    private final int maxBatch;
    private final List<Thread> committers = new ArrayList<>();
    private final Consumer<Integer> batchSizes;
    private volatile boolean closed;

    /**
     * @param unit       the work of one input, run inside the shared transaction
     * @param batchSizes told the size of every committed batch (a metric)
     */
    GroupCommit(String name, TransactionTemplate transactions, Function<I, O> unit, int committers, int maxBatch,
                Consumer<Integer> batchSizes) {
        this(name, transactions, inputs -> inputs.stream().map(unit).toList(), unit, committers, maxBatch,
                batchSizes);
    }

    /**
     * @param units the work of a whole batch at once (e.g. one statement for all its rows), answering one result
     *              per input in their order; if it fails, the batch runs again unit by unit, each under a savepoint
     * @param unit  the work of one input, for that second run
     */
    GroupCommit(String name, TransactionTemplate transactions, Function<List<I>, List<O>> units, Function<I, O> unit,
                int committers, int maxBatch, Consumer<Integer> batchSizes) {
        this.transactions = transactions;
        this.unit = unit;
        this.units = units;
        this.maxBatch = Math.max(1, maxBatch);
        this.batchSizes = batchSizes;
        for (int i = 0; i < Math.max(1, committers); i++) {
            Thread thread = new Thread(this::commitLoop, name + "-" + i);
            thread.setDaemon(true);
            this.committers.add(thread);
            thread.start();
        }
    }

    /** Runs {@code input}'s unit in a shared transaction and answers its result once that committed. */
    O submit(I input) {
        if (closed) {
            throw new IllegalStateException("the service is shutting down");
        }
        CompletableFuture<O> answer = new CompletableFuture<>();
        queue.add(new Pending<>(input, answer));
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private void commitLoop() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            commit(batch);
            batch.clear();
        }
    }

    /**
     * One transaction for the batch; each unit's result (or failure) reaches its caller after the commit. The batch
     * runs first as a whole, without savepoints (two statements per unit saved, measured by
     * {@code delivery_throughput}); if it fails, that transaction is rolled back and the batch runs again unit by unit
     * with a savepoint each, so the failing unit is rolled back alone and the others still share one commit.
     */
    void commit(List<Pending<I, O>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try {
            try {
                transactions.executeWithoutResult(status -> {
                    try {
                        results.addAll(units.apply(batch.stream().map(Pending::input).toList()));
                    } catch (RuntimeException e) {
                        throw new UnitFailed(e);
                    }
                });
            } catch (UnitFailed failed) {
                results.clear();
                if (batch.size() == 1) {
                    results.add(failed.getCause());
                } else {
                    transactions.executeWithoutResult(status -> runEachUnderSavepoint(batch, status, results));
                }
            }
        } catch (RuntimeException e) {
            log.warn("a batch of {} publish(es) was not committed: {}", batch.size(), e.toString());
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
            return;
        } catch (Error e) {
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
            throw e;
        }
        batchSizes.accept(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    private void runEachUnderSavepoint(List<Pending<I, O>> batch, TransactionStatus status, List<Object> results) {
        for (Pending<I, O> pending : batch) {
            Object savepoint = status.createSavepoint();
            try {
                results.add(unit.apply(pending.input()));
                status.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                status.rollbackToSavepoint(savepoint);
                results.add(e);
            }
        }
    }

    /** A unit's own failure, told apart from a failure of the commit. */
    private static final class UnitFailed extends RuntimeException {
        UnitFailed(RuntimeException cause) {
            super(cause);
        }
    }

    @SuppressWarnings("unchecked")
    private void complete(Pending<I, O> pending, Object result) {
        if (result instanceof RuntimeException e) {
            pending.answer().completeExceptionally(e);
        } else {
            pending.answer().complete((O) result);
        }
    }

    /** How many units wait for a committer (for tests that fill a batch before it is taken). */
    int queued() {
        return queue.size();
    }

    /** Stops the committers; what is still queued is refused (its callers were not answered, nothing stored). */
    @Override
    public void close() {
        closed = true;
        committers.forEach(Thread::interrupt);
        Pending<I, O> left;
        while ((left = queue.poll()) != null) {
            left.answer().completeExceptionally(new IllegalStateException("the service is shutting down"));
        }
    }
}
