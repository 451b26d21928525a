package io.portway.delivery.explain;

import io.portway.delivery.explain.Explainer.Failed;
import io.portway.delivery.explain.Explainer.NearMiss;
import io.portway.delivery.routing.CompiledFilter;
import io.portway.delivery.routing.MessageContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/** The {@code limit} closest misses seen so far (a max-heap: its head is the one to drop first). */
final class NearMisses {

    private static final Comparator<Candidate> CLOSEST_FIRST = Comparator
            .comparingInt(Candidate::failed)
            .thenComparing(Candidate::name)
            .thenComparing(Candidate::kind);

    private final int limit;
    private final MessageContext message;
    private final PriorityQueue<Candidate> heap;
    /** The misses offered with a reason: a port reached two ways appears once, with the first reason. */
    private final Set<String> reasoned = new HashSet<>();

    NearMisses(int limit, MessageContext message) {
        this.limit = limit;
        this.message = message;
        this.heap = new PriorityQueue<>(Math.min(limit, 64) + 1, CLOSEST_FIRST.reversed());
    }

    /**
     * The most failed statements a miss named so may have and still make the cut: any number while the heap is
     * not full, else as many as its head if it sorts before the head among equals, one fewer otherwise.
     */
    int bound(String name, String kind) {
        if (heap.size() < limit) {
            return Integer.MAX_VALUE;
        }
        Candidate head = heap.peek();
        int order = name.compareTo(head.name());
        if (order == 0) {
            order = kind.compareTo(head.kind());
        }
        return order < 0 ? head.failed() : head.failed() - 1;
    }

    void offer(NearMiss miss) {
        if (reasoned.add(miss.kind() + "\u0000" + miss.name())) {
            offer(Candidate.of(miss));
        }
    }

    void offer(Candidate candidate) {
        heap.add(candidate);
        if (heap.size() > limit) {
            heap.poll();
        }
    }

    List<NearMiss> sorted() {
        List<Candidate> sorted = new ArrayList<>(heap);
        sorted.sort(CLOSEST_FIRST);
        List<NearMiss> misses = new ArrayList<>(sorted.size());
        sorted.forEach(candidate -> misses.add(candidate.nearMiss(message)));
        return misses;
    }

    /**
     * A near miss as the heap keeps it: with a {@code reason}, or with the count of failed statements of its closest
     * conjunction, whose list is built only if it is kept ({@link #sorted}).
     */
    record Candidate(String kind, String name, String status, String reason, int failed,
                     CompiledFilter filter, int conjunction) {

        static Candidate of(NearMiss miss) {
            return new Candidate(miss.kind(), miss.name(), miss.status(), miss.reason(), 0, null, -1);
        }

        NearMiss nearMiss(MessageContext message) {
            return new NearMiss(kind, name, status, reason, filter == null ? List.of()
                    : failedStatements(filter.conjunctions().get(conjunction), message));
        }
    }

    /** The failed statements of one conjunction, built only for the near misses that are kept. */
    static List<Failed> failedStatements(CompiledFilter.Conjunction conjunction, MessageContext message) {
        List<Failed> failed = new ArrayList<>();
        for (CompiledFilter.Statement statement : conjunction.statements()) {
            if (!statement.matches(message)) {
                failed.add(new Failed(statement.property(), statement.operator().symbol(),
                        statement.value() == null ? null : statement.value().raw(), message.get(statement.property())));
            }
        }
        return failed;
    }
}
