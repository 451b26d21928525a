package io.portway.delivery.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory routing table: every port and group with their filters indexed. PostgreSQL holds the truth
 * ({@link RoutingTableProjection}); this copy is loaded from it at start and refreshed after each change.
 * It knows how far into {@code portway.send-port-events} it reflects ({@link #reached(Map)}: per partition, the
 * offset of the next record not yet in it), which is what {@link RoutingBarrier} waits for.
 */
public final class RoutingTable {

    private final Map<String, PortDefinition> ports = new HashMap<>();
    private final Map<String, GroupDefinition> groups = new HashMap<>();
    private final FilterIndex index = new FilterIndex();
    /** Each subscriber's compiled filter as the index holds it, for explanations ({@link #read}). */
    private final Map<Subscriber, CompiledFilter> filters = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long version = -1;
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final List<Runnable> advanceListeners = new CopyOnWriteArrayList<>();

    /** The subscribers of a message, one route per port (docs/RULES.md §4). Empty = routing failure. */
    public List<Route> route(Map<String, String> properties) {
        MessageContext context = new MessageContext(properties);
        return underReadLock(() -> {
            String port = context.get(Router.SEND_PORT);
            String group = context.get(Router.SEND_PORT_GROUP);
            if (port != null || group != null) {
                List<Subscriber> addressed = new ArrayList<>(2);
                if (port != null) {
                    addressed.add(Subscriber.port(port));
                }
                if (group != null) {
                    addressed.add(Subscriber.group(group));
                }
                return Router.routes(addressed, true, ports::get, groups::get);
            }
            return Router.routes(index.match(context), false, ports::get, groups::get);
        });
    }

    public PortDefinition port(String name) {
        return underReadLock(() -> ports.get(name));
    }

    public GroupDefinition group(String name) {
        return underReadLock(() -> groups.get(name));
    }

    public int size() {
        return underReadLock(() -> ports.size() + groups.size());
    }

    /** Puts or replaces a port (null definition = removed). */
    public void putPort(String name, PortDefinition port) {
        underWriteLock(() -> putPortUnlocked(name, port));
    }

    public void putGroup(String name, GroupDefinition group) {
        underWriteLock(() -> putGroupUnlocked(name, group));
    }

    private <T> T underReadLock(java.util.function.Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void underWriteLock(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Replaces everything, e.g. after another instance changed the table. */
    public void replaceAll(Collection<PortDefinition> allPorts, Collection<GroupDefinition> allGroups, long version) {
        replaceAll(allPorts, allGroups, version, Map.of());
    }

    /**
     * Replaces everything with a consistent snapshot of the database that reflects the routing topic up to
     * {@code positions} (partition → next offset).
     */
    void replaceAll(Collection<PortDefinition> allPorts, Collection<GroupDefinition> allGroups, long version,
                    Map<Integer, Long> positions) {
        underWriteLock(() -> {
            ports.clear();
            groups.clear();
            index.clear();
            filters.clear();
            allPorts.forEach(port -> putPortUnlocked(port.name(), port));
            allGroups.forEach(group -> putGroupUnlocked(group.name(), group));
            this.version = version;
            this.positions.putAll(positions);
        });
        advanced();
    }

    /** The table now reflects every record of the routing topic's {@code partition} below {@code nextOffset}. */
    void advance(int partition, long nextOffset) {
        positions.put(partition, nextOffset);
        advanced();
    }

    /** Whether the table reflects every record below these offsets (partition → end offset). */
    boolean reached(Map<Integer, Long> endOffsets) {
        for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
            if (position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The offset of the next record of {@code partition} the table does not reflect yet. */
    long position(int partition) {
        return positions.getOrDefault(partition, 0L);
    }

    /** Runs {@code listener} whenever the table reflects more of the routing topic. */
    void onAdvance(Runnable listener) {
        advanceListeners.add(listener);
    }

    private void advanced() {
        advanceListeners.forEach(Runnable::run);
    }

    long version() {
        return version;
    }

    void version(long version) {
        this.version = version;
    }

    private void putPortUnlocked(String name, PortDefinition port) {
        putUnlocked(ports, Subscriber.port(name), port);
    }

    private void putGroupUnlocked(String name, GroupDefinition group) {
        putUnlocked(groups, Subscriber.group(name), group);
    }

    /** Puts or replaces (null = removes) a port or group, compiling and indexing its filter when it changed. */
    private <D extends ArtifactDefinition> void putUnlocked(Map<String, D> definitions, Subscriber subscriber,
                                                            D definition) {
        if (definition == null) {
            definitions.remove(subscriber.name());
            index.remove(subscriber);
            filters.remove(subscriber);
            return;
        }
        D previous = definitions.put(subscriber.name(), definition);
        if (previous == null || !java.util.Objects.equals(previous.filter(), definition.filter())) {
            CompiledFilter compiled = CompiledFilter.of(definition.filter());
            index.put(subscriber, compiled);
            filters.put(subscriber, compiled);
        }
    }

    /**
     * A read-only view of the table, valid only inside {@link #read}: everything it answers comes from one state of
     * the table (for explanations, which must not see a change half applied).
     */
    public interface View {

        /** As {@link RoutingTable#route}. */
        List<Route> route(Map<String, String> properties);

        PortDefinition port(String name);

        GroupDefinition group(String name);

        /** The compiled filter of a port or group (no conjunctions when it has none). */
        CompiledFilter filter(Subscriber subscriber);

        Collection<PortDefinition> ports();

        Collection<GroupDefinition> groups();

        /** Every port and group with its compiled filter: one pass over all of them without a lookup each. */
        Collection<Map.Entry<Subscriber, CompiledFilter>> filters();

        /** The table's version ({@code delivery.routing_version}) this view shows. */
        long version();
    }

    /** Runs {@code reader} against the table under its read lock; {@code reader} must not keep the view. */
    public <T> T read(java.util.function.Function<View, T> reader) {
        return underReadLock(() -> reader.apply(new View() {
                @Override
                public List<Route> route(Map<String, String> properties) {
                    return RoutingTable.this.route(properties);
                }

                @Override
                public PortDefinition port(String name) {
                    return ports.get(name);
                }

                @Override
                public GroupDefinition group(String name) {
                    return groups.get(name);
                }

                @Override
                public CompiledFilter filter(Subscriber subscriber) {
                    return filters.getOrDefault(subscriber, EMPTY);
                }

                @Override
                public Collection<PortDefinition> ports() {
                    return java.util.Collections.unmodifiableCollection(ports.values());
                }

                @Override
                public Collection<GroupDefinition> groups() {
                    return java.util.Collections.unmodifiableCollection(groups.values());
                }

                @Override
                public Collection<Map.Entry<Subscriber, CompiledFilter>> filters() {
                    return java.util.Collections.unmodifiableMap(filters).entrySet();
                }

                @Override
                public long version() {
                    return version;
                }
            }));
    }

    private static final CompiledFilter EMPTY = new CompiledFilter(List.of());
}
