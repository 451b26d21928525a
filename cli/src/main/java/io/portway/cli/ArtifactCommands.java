package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code portway ports …} and {@code portway groups …}: the same lifecycle for send ports and send port groups.
 * Writes go to the command service; list, show and history read the query service.
 */
abstract class ArtifactCommands extends Base {

    /** The API's collection path, e.g. {@code /api/send-ports}. */
    abstract String collection();

    /** The list's columns between the name, status and application and the version. */
    abstract Output.Column[] ownColumns();

    @Command(name = "list", description = "List them (from the query service).")
    public int list(
            @Option(names = "--status", description = "Bound, Stopped or Started") String status,
            @Option(names = "--application", description = "only this application's") String application,
            @Option(names = "--transport-type", description = "ports only: FILE, HTTP, KAFKA, …") String transport) {
        JsonNode items = api().all(api().query(), collection() + Api.query(Api.parameters("status", status,
                "application", application, "transportType", transport)), Integer.MAX_VALUE);
        List<Output.Column> columns = new ArrayList<>(List.of(Output.Column.of("NAME", "name"),
                Output.Column.of("STATUS", "status"), Output.Column.of("APPLICATION", "application")));
        columns.addAll(List.of(ownColumns()));
        columns.add(Output.Column.of("VERSION", "version"));
        output().list(items, columns.toArray(Output.Column[]::new));
        return 0;
    }

    @Command(name = "show", description = "Show one with its configuration (from the query service).")
    public int show(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--as-of", paramLabel = "INSTANT", description = "its state at an ISO-8601 instant")
            Instant asOf,
            @Option(names = "--min-version", paramLabel = "VERSION",
                    description = "wait until the query service has caught up to this version") Long minVersion) {
        output().object(api().get(api().query(), path(name) + Api.query(Api.parameters("asOf", asOf,
                "minVersion", minVersion))));
        return 0;
    }

    @Command(name = "create", description = "Create one from a JSON document (ADMIN).")
    public int create(@Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "the JSON document, - for standard input") Path file) {
        printWrite(api().post(api().command(), collection(), json(file)));
        return 0;
    }

    @Command(name = "configure", description = "Replace the configuration of one with a JSON document (ADMIN).")
    public int configure(@Parameters(paramLabel = "NAME", arity = "0..1",
                                 description = "default: the document's name") String name,
            @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                    description = "the JSON document, - for standard input") Path file,
            @Option(names = "--if-match", paramLabel = "VERSION",
                    description = "refuse (VERSION_CONFLICT) unless it is at this version") Long ifMatch) {
        JsonNode document = json(file);
        String target = name != null ? name : document.path("name").asText(null);
        if (target == null) {
            throw new Portway.UsageProblem("give the NAME or a \"name\" in the document");
        }
        printWrite(api().put(api().command(), path(target), document, ifMatch));
        return 0;
    }

    @Command(name = "enlist", description = "Enlist (ADMIN).")
    public int enlist(@Parameters(paramLabel = "NAME") String name) {
        return lifecycle(name, "enlist");
    }

    @Command(name = "start", description = "Start, enlisting first if Bound (OPERATOR).")
    public int start(@Parameters(paramLabel = "NAME") String name) {
        return lifecycle(name, "start");
    }

    @Command(name = "stop", description = "Stop (OPERATOR).")
    public int stop(@Parameters(paramLabel = "NAME") String name) {
        return lifecycle(name, "stop");
    }

    @Command(name = "unenlist", description = "Unenlist, stopping first if Started (ADMIN).")
    public int unenlist(@Parameters(paramLabel = "NAME") String name) {
        return lifecycle(name, "unenlist");
    }

    @Command(name = "delete", description = "Delete one that is Bound (ADMIN).")
    public int delete(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--if-match", paramLabel = "VERSION") Long ifMatch) {
        api().delete(api().command(), path(name), ifMatch);
        if (output().json()) {
            output().print(Api.JSON.createObjectNode().put("name", name).put("deleted", true));
        } else {
            output().line("deleted " + name);
        }
        return 0;
    }

    int lifecycle(String name, String action) {
        printWrite(api().post(api().command(), path(name) + "/" + action, null));
        return 0;
    }

    void printWrite(JsonNode answer) {
        if (output().json()) {
            output().print(answer);
        } else {
            output().list(Api.JSON.createArrayNode().add(answer), Output.Column.of("NAME", "name"),
                    Output.Column.of("STATUS", "status"), Output.Column.of("VERSION", "version"));
        }
    }

    String path(String name) {
        return collection() + "/" + Api.encode(name);
    }

    @Command(name = "ports", description = "Send ports: list, show, create, configure, enlist, start, stop, unenlist,"
            + " delete.")
    static final class Ports extends ArtifactCommands {

        @Override
        String collection() {
            return "/api/send-ports";
        }

        @Override
        Output.Column[] ownColumns() {
            return new Output.Column[]{
                    Output.Column.at("TRANSPORT", "/primaryTransport/type"),
                    Output.Column.at("ADDRESS", "/primaryTransport/address"),
                    Output.Column.of("GROUPS", "groups")};
        }
    }

    @Command(name = "groups", description = "Send port groups: list, show, create, configure, enlist, start, stop,"
            + " unenlist, delete, members add|remove.", subcommands = Groups.Members.class)
    static final class Groups extends ArtifactCommands {

        @Override
        String collection() {
            return "/api/send-port-groups";
        }

        @Override
        Output.Column[] ownColumns() {
            return new Output.Column[]{
                    new Output.Column("MEMBERS", group -> {
                        StringBuilder members = new StringBuilder();
                        group.path("sendPorts").forEach(member -> members.append(members.isEmpty() ? "" : ",")
                                .append(member.path("name").asText()).append('(')
                                .append(member.path("status").asText()).append(')'));
                        return members.isEmpty() ? "-" : members.toString();
                    })};
        }

        @Command(name = "members", description = "Add a send port to a group or remove it (ADMIN).")
        static final class Members extends Base {

            @Command(name = "add", description = "Add a send port to the group (idempotent).")
            public int add(@Parameters(paramLabel = "GROUP") String group,
                    @Parameters(paramLabel = "PORT") String port) {
                JsonNode answer = api().put(api().command(), member(group, port), null);
                print(answer, group, port, "added");
                return 0;
            }

            @Command(name = "remove", description = "Remove a send port from the group.")
            public int remove(@Parameters(paramLabel = "GROUP") String group,
                    @Parameters(paramLabel = "PORT") String port) {
                JsonNode answer = api().delete(api().command(), member(group, port));
                print(answer, group, port, "removed");
                return 0;
            }

            private void print(JsonNode answer, String group, String port, String what) {
                if (output().json()) {
                    output().print(answer.isObject() ? answer : Api.JSON.createObjectNode().put("group", group)
                            .put("sendPort", port).put(what, true));
                } else {
                    output().line(what + " " + port + (what.equals("added") ? " to " : " from ") + group);
                }
            }

            private static String member(String group, String port) {
                return "/api/send-port-groups/" + Api.encode(group) + "/send-ports/" + Api.encode(port);
            }
        }
    }
}
