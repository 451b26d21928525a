package io.portway.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The concrete classes of a sealed family of events by their type names (the simple class names). */
public final class EventTypes {

    private EventTypes() {
    }

    /** The records permitted by the {@code sealed} interfaces, each as a {@code family}, by simple class name. */
    public static <E> Map<String, Class<? extends E>> byName(Class<E> family, Class<?>... sealed) {
        return Arrays.stream(sealed)
                .flatMap(parent -> Arrays.stream(parent.getPermittedSubclasses()))
                .map(type -> type.asSubclass(family))
                .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));
    }
}
