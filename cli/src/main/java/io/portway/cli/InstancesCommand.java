package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code portway instances …}: service instances of the delivery service, one at a time by id or in bulk by a
 * filter (which asks for confirmation unless {@code --yes}).
 */
@Command(name = "instances", description = "Service instances: list, show, resume, suspend, terminate.")
final class InstancesCommand extends Base {

    static final Output.Column[] COLUMNS = {
            Output.Column.of("ID", "id"),
            Output.Column.of("SEND PORT", "sendPort"),
            Output.Column.of("STATUS", "status"),
            Output.Column.of("REASON", "reason"),
            Output.Column.of("ATTEMPTS", "attempts"),
            Output.Column.of("MESSAGE", "messageId"),
            Output.Column.of("UPDATED", "updatedAt")};

    /** The filter of a list or a bulk action; its fields are ANDed. */
    static final class Filter {
        @Option(names = "--send-port", paramLabel = "NAME", description = "of this send port")
        String sendPort;
        @Option(names = "--status", paramLabel = "STATUS",
                description = "ReadyToRun, Active, Scheduled, WaitingToRetry, Suspended, SuspendedNotResumable,"
                        + " Completed, Terminated")
        String status;
        @Option(names = "--from", paramLabel = "INSTANT", description = "created at or after (ISO-8601)")
        Instant from;
        @Option(names = "--to", paramLabel = "INSTANT", description = "created before (ISO-8601)")
        Instant to;

        /** The filter as the API's query parameters, in order; those not given are null. */
        Map<String, Object> parameters() {
            return Api.parameters("sendPort", sendPort, "status", status, "from", from, "to", to);
        }

        boolean empty() {
            return parameters().values().stream().allMatch(Objects::isNull);
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            parameters().forEach((name, value) -> {
                if (value != null) {
                    parts.add(name + "=" + value);
                }
            });
            return String.join(" ", parts);
        }

        /** The list's address: at most {@code limit} instances a page. */
        String list(int limit) {
            Map<String, Object> parameters = parameters();
            parameters.put("limit", limit);
            return "/api/service-instances" + Api.query(parameters);
        }
    }

    @Command(name = "list", description = "Service instances, newest first.")
    public int list(@ArgGroup(exclusive = false) Filter filter,
            @Option(names = "--limit", defaultValue = "50", description = "at most this many (default 50)")
            int limit) {
        Filter f = filter == null ? new Filter() : filter;
        JsonNode items = api().all(api().delivery(), f.list(Math.min(limit, 500)), limit);
        output().list(items, COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "One service instance with its attempts.")
    public int show(@Parameters(paramLabel = "ID") String id) {
        output().object(api().get(api().delivery(), "/api/service-instances/" + Api.encode(id)));
        return 0;
    }

    /** Options of the actions: ids, or a filter. */
    static final class Selection {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "the instances; or select them by a filter")
        List<String> ids;
        @ArgGroup(exclusive = false)
        Filter filter;
        @Option(names = "--error-code", paramLabel = "CODE", description = "failed with this code (resume and"
                + " terminate)")
        String errorCode;
        @Option(names = "--all", description = "every instance (with no other filter)")
        boolean all;
        @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation of a bulk action")
        boolean yes;

        boolean byFilter() {
            return ids == null || ids.isEmpty();
        }

        Filter filter() {
            return filter == null ? new Filter() : filter;
        }

        String describe() {
            String described = filter().describe() + (errorCode == null ? "" : " errorCode=" + errorCode);
            return all && described.isBlank() ? "every service instance" : "service instances with " + described.trim();
        }
    }

    @Command(name = "resume", description = "Resume suspended instances (each becomes a new instance; OPERATOR).")
    public int resume(@picocli.CommandLine.Mixin Selection selection) {
        return act(selection, "resume");
    }

    @Command(name = "suspend", description = "Suspend instances that wait to run or retry (OPERATOR).")
    public int suspend(@picocli.CommandLine.Mixin Selection selection) {
        return act(selection, "suspend");
    }

    @Command(name = "terminate", description = "Terminate instances (OPERATOR).")
    public int terminate(@picocli.CommandLine.Mixin Selection selection) {
        return act(selection, "terminate");
    }

    private int act(Selection selection, String action) {
        if (!selection.byFilter()) {
            if (selection.filter != null || selection.errorCode != null || selection.all) {
                throw new Portway.UsageProblem("give instance ids or a filter, not both");
            }
            return one(selection.ids, action);
        }
        if (selection.filter().empty() && selection.errorCode == null && !selection.all) {
            throw new Portway.UsageProblem("give instance ids or a filter (--send-port, --status, --error-code,"
                    + " --from, --to; --all for every instance)");
        }
        if (selection.all && !(selection.filter().empty() && selection.errorCode == null)) {
            throw new Portway.UsageProblem("--all selects every instance; give it without a filter");
        }
        if (!selection.yes && !confirm(capitalized(action) + " " + selection.describe() + "?")) {
            root().err.println("portway: not confirmed; nothing was done");
            return Portway.NOT_CONFIRMED;
        }
        return action.equals("suspend") ? suspendEach(selection) : bulk(selection, action);
    }

    private int one(List<String> ids, String action) {
        List<JsonNode> answers = new ArrayList<>();
        int refused = 0;
        for (String id : ids) {
            try {
                answers.add(api().post(api().delivery(), "/api/service-instances/" + Api.encode(id) + "/" + action,
                        null));
            } catch (Api.Refused refusal) {
                if (ids.size() == 1) {
                    throw refusal;
                }
                root().err.println(id + ": " + refusal.getMessage());
                refused++;
            }
        }
        output().list(Api.JSON.valueToTree(answers), COLUMNS);
        return refused == 0 ? 0 : Portway.REFUSED;
    }

    private int bulk(Selection selection, String action) {
        Filter filter = selection.filter();
        ObjectNode body = Api.JSON.createObjectNode();
        putIf(body, "sendPort", filter.sendPort);
        putIf(body, "status", filter.status);
        putIf(body, "errorCode", selection.errorCode);
        putIf(body, "from", filter.from == null ? null : filter.from.toString());
        putIf(body, "to", filter.to == null ? null : filter.to.toString());
        JsonNode counts = api().post(api().delivery(), "/api/service-instances/" + action, body);
        if (output().json()) {
            output().print(counts);
        } else {
            String done = action.equals("resume") ? "resumed" : "terminated";
            output().line("matched " + counts.path("matched").asInt() + ", " + done + " "
                    + counts.path(done).asInt() + ", refused " + counts.path("refused").asInt());
        }
        return 0;
    }

    /** The API has no bulk suspend: suspend each matching instance; ones in another state are counted as refused. */
    private int suspendEach(Selection selection) {
        if (selection.errorCode != null) {
            throw new Portway.UsageProblem("suspend selects by --send-port, --status, --from and --to");
        }
        JsonNode matching = api().all(api().delivery(), selection.filter().list(500), Integer.MAX_VALUE);
        int suspended = 0;
        int refused = 0;
        for (JsonNode instance : matching) {
            try {
                api().post(api().delivery(), "/api/service-instances/" + Api.encode(instance.path("id").asText())
                        + "/suspend", null);
                suspended++;
            } catch (Api.Refused refusal) {
                refused++;
            }
        }
        if (output().json()) {
            output().print(Api.JSON.createObjectNode().put("matched", matching.size()).put("suspended", suspended)
                    .put("refused", refused));
        } else {
            output().line("matched " + matching.size() + ", suspended " + suspended + ", refused " + refused);
        }
        return 0;
    }

    private static void putIf(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String capitalized(String action) {
        return Character.toUpperCase(action.charAt(0)) + action.substring(1);
    }
}
