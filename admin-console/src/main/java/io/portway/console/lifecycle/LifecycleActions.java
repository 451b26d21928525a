package io.portway.console.lifecycle;

import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.portway.events.Lifecycle.ENLIST;
import static io.portway.events.Lifecycle.START;
import static io.portway.events.Lifecycle.STOP;
import static io.portway.events.Lifecycle.UNENLIST;

/**
 * Which lifecycle actions a port or group allows in its state, decided by the shared table
 * ({@link io.portway.events.Lifecycle}, the same one the command service enforces), so that the pages disable the
 * others and say why in words for people. The page can be stale, so a refusal is still shown.
 */
public final class LifecycleActions {

    private static final java.util.function.Predicate<ArtifactStatus> TABLE_DELETABLE =
            Lifecycle::deletable;

    private LifecycleActions() {
    }

    /** enlist, start, stop, unenlist, delete for a send port in {@code status} belonging to {@code groups}. */
    public static List<Action> forPort(ArtifactStatus status, Collection<String> groups) {
        List<Action> actions = transitions("send port", status);
        if (!TABLE_DELETABLE.test(status)) {
            actions.add(Action.refused("delete", "Delete",
                    "Only a Bound send port can be deleted; this one is " + status + ": unenlist it first."));
        } else if (groups != null && !groups.isEmpty()) {
            actions.add(Action.refused("delete", "Delete",
                    "A send port that belongs to a group cannot be deleted; remove it from " + String.join(", ", groups)
                            + " first."));
        } else {
            actions.add(Action.allowed("delete", "Delete", "Delete this send port (its name becomes free)."));
        }
        return actions;
    }

    /** enlist, start, stop, unenlist, delete for a group in {@code status} whose members have {@code memberStatuses}. */
    public static List<Action> forGroup(ArtifactStatus status, Collection<ArtifactStatus> memberStatuses) {
        List<Action> actions = transitions("send port group", status);
        if (START.allowedFrom(status) && !Lifecycle.hasEnlistedMember(memberStatuses)) {
            actions.set(1, Action.refused("start", "Start",
                    "A group can be started only if at least one member is enlisted (Stopped or Started)."));
        }
        actions.add(TABLE_DELETABLE.test(status)
                ? Action.allowed("delete", "Delete", "Delete this group; its ports stay in place.")
                : Action.refused("delete", "Delete",
                        "Only a Bound group can be deleted; this one is " + status + ": unenlist it first."));
        return actions;
    }

    /** Whether a member port may be removed from a group: only while it is Stopped or Bound. */
    public static Action removeMember(ArtifactStatus memberStatus) {
        return !Lifecycle.removableMember(memberStatus)
                ? Action.refused("remove", "Remove",
                        "A port can be removed from a group only while it is Stopped or Bound; stop it first.")
                : Action.allowed("remove", "Remove", "Remove this port from the group (the port is not deleted).");
    }

    private static List<Action> transitions(String kind, ArtifactStatus status) {
        List<Action> actions = new ArrayList<>();
        actions.add(ENLIST.allowedFrom(status)
                ? Action.allowed("enlist", "Enlist", "Create the subscriptions (→ Stopped).")
                : Action.refused("enlist", "Enlist", "This " + kind + " is already enlisted (" + status + ")."));
        actions.add(!START.allowedFrom(status)
                ? Action.refused("start", "Start", "This " + kind + " is already Started.")
                : Action.allowed("start", "Start", START.path(status).size() > 1
                        ? "Enlist and activate the subscriptions (→ Started)." : "Activate the subscriptions (→ Started)."));
        actions.add(STOP.allowedFrom(status)
                ? Action.allowed("stop", "Stop", "Deactivate the subscriptions; matching messages are held (→ Stopped).")
                : Action.refused("stop", "Stop", "Only a Started " + kind + " can be stopped; this one is " + status + "."));
        actions.add(!UNENLIST.allowedFrom(status)
                ? Action.refused("unenlist", "Unenlist", "This " + kind + " is not enlisted (Bound).")
                : Action.allowed("unenlist", "Unenlist", "Remove the subscriptions (→ Bound)."));
        return actions;
    }
}
