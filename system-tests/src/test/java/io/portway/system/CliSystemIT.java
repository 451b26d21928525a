package io.portway.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.cli.Portway;
import io.portway.stack.PortwayStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code portway} command line against the running system (README "Command line"): each step runs the command
 * in this JVM with the environment a user would set, and one runs {@code bin/portway} as a process. The commands and
 * their output are written to {@code target/cli-transcript.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class CliSystemIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path files;

    static PortwayStack stack;
    static Map<String, String> admin;
    static Path outInvoices;
    static Path outArchive;
    /** After the application was started in step 2 and before Billing.Invoices was stopped in step 4. */
    static java.time.Instant startedAt;
    static final StringBuilder transcript = new StringBuilder();

    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeAll
    static void connect() throws IOException {
        stack = SharedStack.stack();
        admin = environment("admin");
        outInvoices = Files.createDirectories(files.resolve("invoices"));
        outArchive = Files.createDirectories(files.resolve("archive"));
        Files.writeString(files.resolve("invoices.json"), port("Billing.Invoices", outInvoices,
                "[[{\"property\":\"Billing.Customer\",\"operator\":\"==\",\"value\":\"ACME\"}]]"));
        Files.writeString(files.resolve("archive.json"), port("Billing.Archive", outArchive, "[]"));
        Files.writeString(files.resolve("group.json"), """
                {"name":"Billing.All","application":"Billing","sendPorts":["Billing.Archive"],
                 "filter":[[{"property":"Billing.Customer","operator":"exists"}]]}""");
        Files.writeString(files.resolve("invoice.xml"), "<invoice customer=\"ACME\" total=\"99.50\"/>");
    }

    @AfterAll
    static void writeTranscript() throws IOException {
        Files.writeString(Path.of("target", "cli-transcript.md"), transcript.toString());
    }

    @Test
    @Order(1)
    void an_administrator_creates_ports_and_a_group_from_files_and_an_operator_may_not() {
        Run invoices = portway(admin, "", "ports", "create", "-f", file("invoices.json"));
        assertThat(invoices.exit()).as(invoices.err()).isZero();
        assertThat(invoices.lines()).containsExactly("NAME              STATUS  VERSION", "Billing.Invoices  Bound   1");
        assertThat(portway(admin, "", "ports", "create", "-f", file("archive.json")).exit()).isZero();
        assertThat(portway(admin, "", "groups", "create", "-f", file("group.json")).exit()).isZero();

        Run refused = portway(environment("operator"), "", "ports", "create", "-f", file("invoices.json"));

        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).startsWith("FORBIDDEN");
    }

    @Test
    @Order(2)
    void an_application_starts_with_one_command_and_the_lists_show_it() {
        Run started = portway(admin, "", "apps", "start", "Billing");

        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).containsPattern("SendPort +Billing.Invoices +Bound +Started")
                .containsPattern("SendPort +Billing.Archive +Bound +Started")
                .containsPattern("SendPortGroup +Billing.All +Bound +Started");
        await().atMost(WAIT).untilAsserted(() -> {
            Run listed = portway(admin, null, "ports", "list", "--application", "Billing");
            assertThat(listed.out()).containsPattern("Billing.Archive +Started +Billing +FILE .* Billing.All +\\d")
                    .containsPattern("Billing.Invoices +Started +Billing +FILE");
        });
        ok(portway(admin, "", "ports", "list", "--application", "Billing"), "ports list --application Billing");
        Run groups = portway(admin, "", "groups", "list");
        assertThat(groups.out()).containsPattern("Billing.All +Started +Billing +Billing.Archive\\(Started\\)");
        Run apps = portway(admin, "", "apps", "list");
        assertThat(apps.out()).containsPattern("Billing +Started=2 +Started=1");
        startedAt = java.time.Instant.now();
    }

    @Test
    @Order(3)
    void a_message_published_from_a_file_reaches_both_ports() {
        Run published = publishUntil("(?s)(?=.*Billing.Invoices +filter +\\S+ +ReadyToRun)"
                + "(?=.*Billing.Archive +group:Billing.All +\\S+ +ReadyToRun)", "-c", "Billing.Customer=ACME",
                "--content-type", "application/xml");

        String id = published.lines().get(0).replace("message ", "");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outInvoices.resolve(id + ".xml")).hasContent("<invoice customer=\"ACME\" total=\"99.50\"/>");
            assertThat(outArchive.resolve(id + ".xml")).exists();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(portway(admin, null, "messages", "show", id).out())
                .containsPattern("Billing.Invoices +Completed").containsPattern("Billing.Archive +Completed"));
        ok(portway(admin, "", "messages", "show", id), "messages show " + id);
    }

    @Test
    @Order(4)
    void held_instances_are_terminated_in_bulk_only_once_confirmed() {
        assertThat(portway(environment("operator"), "", "ports", "stop", "Billing.Invoices").exit()).isZero();
        Run published = publishUntil("Billing.Invoices +filter +\\S+ +Suspended", "-c", "Billing.Customer=ACME");
        String held = published.lines().stream().filter(line -> line.startsWith("Billing.Invoices")).findFirst()
                .orElseThrow().split(" +")[2];

        Run listed = portway(admin, "", "instances", "list", "--send-port", "Billing.Invoices", "--status",
                "Suspended");
        assertThat(listed.out()).containsPattern(held + " +Billing.Invoices +Suspended +PORT_STOPPED");

        Run declined = portway(environment("operator"), "n\n", "instances", "terminate", "--send-port",
                "Billing.Invoices", "--status", "Suspended");
        assertThat(declined.exit()).isEqualTo(1);
        assertThat(declined.err()).contains("Terminate service instances with sendPort=Billing.Invoices"
                + " status=Suspended? [y/N]").contains("nothing was done");
        assertThat(portway(admin, "", "instances", "show", held).out()).containsPattern("status: +Suspended");

        Run terminated = portway(environment("operator"), "", "instances", "terminate", "--send-port",
                "Billing.Invoices", "--status", "Suspended", "--yes");
        assertThat(terminated.exit()).as(terminated.err()).isZero();
        assertThat(terminated.out()).isEqualTo("matched 1, terminated 1, refused 0" + System.lineSeparator());
        assertThat(portway(admin, "", "instances", "show", held).out()).containsPattern("status: +Terminated");

        Run refused = portway(admin, "", "ports", "delete", "Billing.Invoices");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).startsWith("NOT_BOUND: ").contains("Billing.Invoices").contains("Stopped");
    }

    @Test
    @Order(5)
    void bindings_export_a_dry_run_that_changes_nothing_and_an_import_with_an_override() throws IOException {
        Path exported = files.resolve("billing-bindings.json");
        assertThat(portway(admin, "", "bindings", "export", "Billing", "-f", exported.toString()).exit()).isZero();
        JsonNode before = JSON.readTree(exported.toFile());
        assertThat(before.get("sendPorts")).hasSize(2);

        Run dryRun = portway(admin, "", "bindings", "import", "Billing", "-f", exported.toString(), "--dry-run",
                "--override", "Billing.Invoices/primaryTransport.retryCount=5");

        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).containsPattern(
                        "SendPort +Billing.Invoices +reconfigure +Stopped +primaryTransport.retryCount: 1 -> 5")
                .containsPattern("SendPort +Billing.Archive +unchanged +Started +-")
                .containsPattern("SendPortGroup +Billing.All +unchanged +Started +-")
                .contains("dry run: nothing was changed");
        assertThat(JSON.readTree(portway(admin, "", "bindings", "export", "Billing").out())).isEqualTo(before);

        Run imported = portway(admin, "", "bindings", "import", "Billing", "-f", exported.toString(),
                "--override", "Billing.Invoices/primaryTransport.retryCount=5");

        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).containsPattern("SendPort +Billing.Invoices +reconfigured +Stopped +Stopped");
        JsonNode after = JSON.readTree(portway(admin, "", "bindings", "export", "Billing").out());
        assertThat(after.get("sendPorts")).filteredOn(port -> port.get("name").asText().equals("Billing.Invoices"))
                .singleElement().satisfies(port -> assertThat(port.at("/primaryTransport/retryCount").asInt())
                        .isEqualTo(5));
    }

    @Test
    @Order(6)
    void history_and_audit_show_every_step_with_its_principal() {
        await().atMost(WAIT).untilAsserted(() -> {
            Run history = portway(admin, null, "history", "Billing.Invoices");
            assertThat(history.exit()).isZero();
            List<String> rows = history.lines().subList(1, history.lines().size());
            assertThat(rows).extracting(row -> row.split(" +")[1]).startsWith("SendPortCreated", "SendPortEnlisted",
                    "SendPortStarted", "SendPortStopped").hasSize(5);
            assertThat(rows).extracting(row -> row.split(" +")[3])
                    .containsExactly("admin", "admin", "admin", "operator", "admin");
        });
        ok(portway(admin, "", "history", "Billing.Invoices"), "history Billing.Invoices");

        Run audit = portway(admin, "", "audit", "--artifact", "Billing.Archive");

        assertThat(audit.exit()).isZero();
        assertThat(audit.out()).containsPattern("SendPort +Billing.Archive +1 +SendPortCreated +admin +- -> Bound")
                .containsPattern("SendPort +Billing.Archive +3 +SendPortStarted +admin +Stopped -> Started");
    }

    @Test
    @Order(7)
    void events_tail_follows_the_send_port_events_and_the_delivery_events() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> tail = CompletableFuture.supplyAsync(() -> Portway.run(new String[]{"events",
                        "tail", "--bootstrap", stack.kafkaBootstrapServers(), "--max", "3", "--timeout", "PT2M"},
                admin, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true)));
        await().atMost(WAIT).until(() -> err.toString().contains("following") || tail.isDone());
        assertThat(err.toString()).contains("following portway.send-port-events, portway.delivery-events");

        assertThat(portway(environment("operator"), "", "groups", "stop", "Billing.All").exit()).isZero();
        assertThat(portway(environment("operator"), "", "groups", "start", "Billing.All").exit()).isZero();
        await().atMost(WAIT).until(() -> out.toString().lines().count() >= 2);
        publishUntil("Billing.Archive +group:Billing.All +\\S+ +ReadyToRun", "-c", "Billing.Customer=Globex");

        assertThat(tail.get(2, TimeUnit.MINUTES)).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).containsPattern(
                "portway.send-port-events +Billing.All +portway.SendPortGroupStopped +sequence \\d+");
        assertThat(lines.get(1)).containsPattern(
                "portway.send-port-events +Billing.All +portway.SendPortGroupStarted +sequence \\d+");
        assertThat(lines.get(2)).contains("portway.delivery-events");
        transcript.append("$ portway events tail\n").append(err).append(out).append('\n');
    }

    @Test
    @Order(8)
    void a_service_that_cannot_be_reached_exits_4() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(admin);
        env.put("PORTWAY_DELIVERY_URL", "http://127.0.0.1:" + closed);

        Run unreachable = portway(env, "", "instances", "list");

        assertThat(unreachable.exit()).isEqualTo(4);
        assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:" + closed);
    }

    @Test
    @Order(9)
    void the_launcher_runs_the_built_jar_and_reads_the_password_from_standard_input() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(SharedStack.ROOT.resolve("bin/portway").toString(),
                "--password-stdin", "apps", "list").redirectErrorStream(true);
        builder.environment().putAll(admin);
        builder.environment().remove("PORTWAY_PASSWORD");
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("admin\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("APPLICATION +SEND PORTS +GROUPS").containsPattern("Billing +Stopped=1 Started=1|Billing +Started=1 Stopped=1");
        transcript.append("$ echo \"$PASSWORD\" | bin/portway --password-stdin apps list\n").append(output)
                .append('\n');
    }

    @Test
    @Order(10)
    void explain_shows_routes_and_near_misses_now_and_as_of_an_instant() throws IOException {
        Files.writeString(files.resolve("message.json"), "{\"context\":{\"Billing.Customer\":\"Globex\"}}");
        Files.writeString(files.resolve("acme.json"), "{\"context\":{\"Billing.Customer\":\"ACME\"}}");
        Map<String, String> viewer = environment("viewer");

        Run now = portway(viewer, "", "messages", "explain", "-f", file("message.json"), "--limit", "1000");

        assertThat(now.exit()).as(now.err()).isZero();
        assertThat(now.out()).containsPattern("Billing.Archive +group:Billing.All +0 +deliver")
                .contains("near misses (closest first): ")
                .containsPattern("SendPort +Billing.Invoices +Stopped +Billing.Customer == ACME \\(actual: Globex\\)");

        Run held = portway(viewer, "", "messages", "explain", "-f", file("acme.json"), "--limit", "1000");
        assertThat(held.out()).containsPattern("Billing.Invoices +filter +0 +held +PORT_STOPPED");
        Run then = portway(viewer, "", "messages", "explain", "-f", file("acme.json"), "--limit", "1000",
                "--as-of", startedAt.toString());
        assertThat(then.exit()).as(then.err()).isZero();
        assertThat(then.out()).containsPattern("Billing.Invoices +filter +0 +deliver");

        Run future = portway(viewer, "", "messages", "explain", "-f", file("acme.json"), "--as-of",
                java.time.Instant.now().plusSeconds(3600).toString());
        assertThat(future.exit()).isEqualTo(3);
        assertThat(future.err()).startsWith("INVALID_AS_OF");
    }

    @Test
    @Order(11)
    void a_routing_failure_is_listed_and_explained() throws IOException {
        String id = "cli-nowhere-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Run nowhere = portway(environment("publisher"), "", "messages", "publish", "-f", file("invoice.xml"),
                "-c", "Billing.Nobody=" + id, "--id", id);
        assertThat(nowhere.exit()).isEqualTo(3);
        assertThat(nowhere.err()).startsWith("NO_SUBSCRIBERS");
        Map<String, String> viewer = environment("viewer");
        Run listed = portway(viewer, "", "routing-failures", "list", "--limit", "500");
        String failure = listed.lines().stream().filter(line -> line.contains(id)).findFirst()
                .orElseThrow(() -> new AssertionError(listed.out())).split(" +")[0];

        Run explained = portway(viewer, "", "routing-failures", "explain", failure, "--limit", "3");

        assertThat(explained.exit()).as(explained.err()).isZero();
        assertThat(explained.lines().get(0)).matches("routes at position \\d+: 0");
        Run json = portway(viewer, "", "routing-failures", "explain", failure, "--output", "json");
        assertThat(JSON.readTree(json.out()).get("routes")).isEmpty();
        assertThat(portway(viewer, "", "routing-failures", "explain", "no-such-id").exit()).isEqualTo(3);
    }

    /**
     * Publishes invoice.xml until the answer's routes match: the delivery service learns of port and group changes
     * through Kafka, so a publish right after a change may still be routed by the previous routing table.
     */
    static Run publishUntil(String routes, String... options) {
        List<String> args = new ArrayList<>(List.of("messages", "publish", "-f", file("invoice.xml")));
        args.addAll(List.of(options));
        Map<String, String> env = environment("publisher");
        java.util.concurrent.atomic.AtomicReference<Run> matched = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Run run = portway(env, null, args.toArray(String[]::new));
            matched.set(run);
            return run.exit() == 0 && java.util.regex.Pattern.compile(routes).matcher(run.out()).find();
        });
        transcribe(env, args.toArray(String[]::new), matched.get());
        return matched.get();
    }

    /** Runs the command line in this JVM; {@code stdin} null = a retry inside an await (not in the transcript). */
    static Run portway(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Portway.run(args, env, new ByteArrayInputStream((stdin == null ? "" : stdin)
                .getBytes(StandardCharsets.UTF_8)), new PrintWriter(out), new PrintWriter(err));
        Run run = new Run(exit, out.toString(), err.toString());
        if (stdin != null) {
            transcribe(env, args, run);
        }
        return run;
    }

    static void transcribe(Map<String, String> env, String[] args, Run run) {
        List<String> shown = new ArrayList<>();
        for (String arg : args) {
            shown.add(arg.startsWith(files.toString()) ? files.relativize(Path.of(arg)).toString()
                    : arg.contains(" ") ? "'" + arg + "'" : arg);
        }
        transcript.append("$ portway ").append(String.join(" ", shown)).append(" # as ")
                .append(env.get("PORTWAY_USER")).append(", exit ").append(run.exit()).append('\n')
                .append(run.out()).append(run.err()).append('\n');
    }

    private static void ok(Run run, String command) {
        assertThat(run.exit()).as(command + ": " + run.err()).isZero();
    }

    static Map<String, String> environment(String user) {
        Map<String, String> env = new HashMap<>();
        env.put("PORTWAY_COMMAND_URL", stack.serviceUrl("port-command-service").orElseThrow().toString());
        env.put("PORTWAY_QUERY_URL", stack.serviceUrl("port-query-service").orElseThrow().toString());
        env.put("PORTWAY_DELIVERY_URL", stack.serviceUrl("delivery-service").orElseThrow().toString());
        env.put("PORTWAY_USER", user);
        env.put("PORTWAY_PASSWORD", user);
        env.put("HOME", files.toString());
        return env;
    }

    static String file(String name) {
        return files.resolve(name).toString();
    }

    static String port(String name, Path out, String filter) {
        return """
                {"name":"%s","application":"Billing",
                 "primaryTransport":{"type":"FILE","address":"%s/%%MessageID%%.xml","retryCount":1,"retryInterval":"PT1S"},
                 "filter":%s}""".formatted(name, out.toUri().toString().replaceAll("/$", ""), filter);
    }
}
