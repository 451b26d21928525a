package io.portway.command.group;

import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;
import io.portway.events.SendPortGroupConfiguration;

import java.util.List;

/** A group as the command API answers it: configuration, members in order with their statuses, status, version. */
record SendPortGroupView(String name, String description, String application, Filter filter,
                         List<MemberView> sendPorts, ArtifactStatus status, long version) {

    record MemberView(String name, ArtifactStatus status) {
    }

    static SendPortGroupView of(String name, SendPortGroupConfiguration c, List<Member> members,
            ArtifactStatus status, long version) {
        return new SendPortGroupView(name, c.description(), c.application(), c.filter(),
                members.stream().map(m -> new MemberView(m.name(), m.status())).toList(), status, version);
    }
}
