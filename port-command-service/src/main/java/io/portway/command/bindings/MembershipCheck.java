package io.portway.command.bindings;

import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.events.ArtifactKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The members of a document's groups: each is a port of the document or a live port of the application, and only
 * static one-way ports can join a group.
 */
final class MembershipCheck {

    private MembershipCheck() {
    }

    static List<Problem> problems(String application, List<PortItem> ports, List<GroupItem> groups,
            Set<String> portsOfDocument, Existing existing) {
        List<Problem> problems = new ArrayList<>();
        Map<String, PortItem> byName = ports.stream().collect(Collectors.toMap(PortItem::name, Function.identity()));
        for (GroupItem group : groups) {
            for (int i = 0; i < group.members().size(); i++) {
                String member = group.members().get(i);
                String field = group.field() + ".sendPorts[" + i + "]";
                PortItem port = byName.get(member);
                if (port != null) {
                    groupable(problems, field, member, group.name(),
                            port.definition().dynamic() || port.definition().twoWay());
                } else if (!portsOfDocument.contains(member)) {
                    Entry entry = existing.byName(member).orElse(null);
                    if (entry != null && entry.kind() == ArtifactKind.SendPort
                            && entry.application().equals(application)) {
                        groupable(problems, field, member, group.name(), entry.dynamic() || entry.twoWay());
                    } else {
                        problems.add(Problem.invalid(field, "send port '" + member + "' is neither in the document"
                                + " nor a send port of application '" + application + "'"));
                    }
                }
            }
        }
        return problems;
    }

    private static void groupable(List<Problem> problems, String field, String port, String group,
            boolean dynamicOrTwoWay) {
        if (dynamicOrTwoWay) {
            problems.add(new Problem(field, ErrorCode.NOT_GROUPABLE, "send port '" + port + "' cannot join send port"
                    + " group '" + group + "': it is dynamic or two-way, and only static one-way send ports can join"
                    + " a group"));
        }
    }
}
