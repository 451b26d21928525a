package io.portway.console.lifecycle;

/** One lifecycle button: whether the artifact's state allows it and, if not, why (shown on hover). */
public record Action(String name, String label, boolean allowed, String reason) {

    static Action allowed(String name, String label, String effect) {
        return new Action(name, label, true, effect);
    }

    static Action refused(String name, String label, String reason) {
        return new Action(name, label, false, reason);
    }
}
