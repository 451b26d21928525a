package io.portway.command.bindings;

import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.events.ArtifactStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.portway.command.application.ArtifactLifecycle.lower;
import static io.portway.events.ArtifactStatus.Bound;
import static io.portway.events.ArtifactStatus.Started;
import static io.portway.events.Lifecycle.enlisted;

/**
 * The rules that involve other artifacts (docs/LIFECYCLE.md) as the plan's lifecycle commands would meet them,
 * decided before anything is applied, so that an import is refused whole rather than half applied.
 */
final class LifecycleCheck {

    private LifecycleCheck() {
    }

    /** The rules the plan's lifecycle commands would meet, decided now on the statuses each step leaves. */
    static List<Problem> problems(List<PortItem> ports, List<GroupItem> groups, Existing existing) {
        List<Problem> problems = new ArrayList<>();
        Map<String, PortItem> byName = ports.stream().collect(Collectors.toMap(PortItem::name, Function.identity()));
        Map<String, GroupItem> groupsByName =
                groups.stream().collect(Collectors.toMap(GroupItem::name, Function.identity()));
        Function<String, ArtifactStatus> finalStatus = port -> byName.containsKey(port) ? byName.get(port).end()
                : existing.byName(port).map(Entry::status).orElse(Bound);
        for (GroupItem group : groups) {
            if (group.existing() == null) {
                continue;
            }
            for (Member member : existing.membersOf(group.existing().artifactId())) {
                if (group.members().contains(member.name())) {
                    continue;
                }
                PortItem port = byName.get(member.name());
                ArtifactStatus atRemoval = port == null ? member.status() : port.afterStop();
                if (atRemoval == Started) {
                    problems.add(new Problem(group.field() + ".sendPorts", ErrorCode.MEMBER_NOT_STOPPED,
                            "send port '" + member.name() + "' would leave send port group '" + group.name()
                                    + "' while it is Started, and only a Stopped or Bound member can be removed:"
                                    + " give it status Stopped or Bound, or keep it in the group"));
                }
            }
        }
        for (PortItem port : ports) {
            if (port.existing() == null || !enlisted(port.now()) || port.end() != Bound) {
                continue;
            }
            for (GroupItem group : groups) {
                if (group.members().contains(port.name())) {
                    lastEnlisted(problems, port, group.name(), lower(group.now(), group.end()), group.members(), finalStatus);
                }
            }
            for (Entry group : existing.groupsContaining(port.existing().artifactId())) {
                if (!groupsByName.containsKey(group.name())) {
                    lastEnlisted(problems, port, group.name(), group.status(),
                            existing.membersOf(group.artifactId()).stream().map(Member::name).toList(), finalStatus);
                }
            }
        }
        for (GroupItem group : groups) {
            if (group.end() == Started && group.now() != Started
                    && group.members().stream().noneMatch(member -> enlisted(finalStatus.apply(member)))) {
                problems.add(new Problem(group.field() + ".status", ErrorCode.NO_ENLISTED_MEMBER, "send port group '"
                        + group.name() + "' cannot be started: none of its members would be enlisted (Stopped or"
                        + " Started), and a group starts only with an enlisted member"));
            }
        }
        return problems;
    }

    private static void lastEnlisted(List<Problem> problems, PortItem port, String group, ArtifactStatus groupStatus, List<String> members,
            Function<String, ArtifactStatus> finalStatus) {
        if (enlisted(groupStatus) && members.stream()
                .noneMatch(member -> !member.equals(port.name()) && enlisted(finalStatus.apply(member)))) {
            problems.add(new Problem(port.field() + ".status", ErrorCode.LAST_ENLISTED_MEMBER, "send port '"
                    + port.name() + "' would be unenlisted, but it would be the last enlisted member of the enlisted"
                    + " send port group '" + group + "', and an enlisted group must keep an enlisted member"));
        }
    }
}
