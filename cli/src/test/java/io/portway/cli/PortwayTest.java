package io.portway.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line against a stand-in of the services: arguments, output, exit codes, credentials. */
class PortwayTest {

    @TempDir
    Path directory;

    FakeServices services;
    final Map<String, String> env = new HashMap<>();
    String stdin = "";
    String out;
    String err;

    @BeforeEach
    void start() throws IOException {
        services = new FakeServices();
        env.put("PORTWAY_COMMAND_URL", services.url());
        env.put("PORTWAY_QUERY_URL", services.url());
        env.put("PORTWAY_DELIVERY_URL", services.url());
        env.put("PORTWAY_USER", "admin");
        env.put("PORTWAY_PASSWORD", "secret");
        env.put("HOME", directory.toString());
    }

    @AfterEach
    void stop() {
        services.close();
    }

    int portway(String... args) {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        int code = Portway.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(output), new PrintWriter(errors));
        out = output.toString();
        err = errors.toString();
        return code;
    }

    @Test
    void lists_ports_as_a_table_across_every_page() {
        services.answer("GET /api/send-ports?status=Started", 200, """
                {"items":[{"name":"Orders.Direct","status":"Started","application":"Orders","version":3,
                  "primaryTransport":{"type":"FILE","address":"file:///tmp/out/%MessageID%.xml"},"groups":[]}],
                 "next":"c1"}""");
        services.answer("GET /api/send-ports?status=Started&cursor=c1", 200, """
                {"items":[{"name":"Orders.Member","status":"Started","application":"Orders","version":4,
                  "primaryTransport":{"type":"HTTP","address":"https://example.com/in"},"groups":["Orders.Group"]}],
                 "next":null}""");

        assertThat(portway("ports", "list", "--status", "Started")).isZero();

        assertThat(out.lines().toList()).containsExactly(
                "NAME           STATUS   APPLICATION  TRANSPORT  ADDRESS                          GROUPS        VERSION",
                "Orders.Direct  Started  Orders       FILE       file:///tmp/out/%MessageID%.xml  -             3",
                "Orders.Member  Started  Orders       HTTP       https://example.com/in           Orders.Group  4");
        assertThat(services.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes()));
    }

    @Test
    void prints_json_for_scripts() {
        services.answer("GET /api/send-port-groups", 200, """
                {"items":[{"name":"G","status":"Bound","sendPorts":[{"name":"P","status":"Bound"}]}],"next":null}""");

        assertThat(portway("groups", "list", "-o", "json")).isZero();

        assertThat(out).contains("\"name\" : \"G\"").startsWith("[");
    }

    @Test
    void a_refusal_exits_3_with_the_problem_code_and_detail_on_stderr() {
        services.answer("DELETE /api/send-ports/Orders.Direct", 409, """
                {"status":409,"code":"NOT_BOUND","detail":"send port 'Orders.Direct' is Started; only a Bound send port can be deleted"}""");

        assertThat(portway("ports", "delete", "Orders.Direct")).isEqualTo(3);

        assertThat(err).startsWith("NOT_BOUND: send port 'Orders.Direct' is Started");
        assertThat(out).isEmpty();
    }

    @Test
    void a_validation_failure_lists_the_fields() {
        Path port = write("port.json", "{\"name\":\"P\"}");
        services.answer("POST /api/send-ports", 400, """
                {"status":400,"code":"VALIDATION_FAILED","detail":"invalid send port",
                 "errors":[{"field":"primaryTransport","message":"must not be null"}]}""");

        assertThat(portway("ports", "create", "-f", port.toString())).isEqualTo(3);

        assertThat(err).contains("VALIDATION_FAILED: invalid send port").contains("primaryTransport: must not be null");
        assertThat(services.requests.get(0).body()).isEqualTo("{\"name\":\"P\"}");
    }

    @Test
    void a_service_that_is_not_there_exits_4() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        env.put("PORTWAY_QUERY_URL", "http://127.0.0.1:" + closed);

        assertThat(portway("ports", "list")).isEqualTo(4);

        assertThat(err).contains("cannot reach http://127.0.0.1:" + closed);
    }

    @Test
    void usage_errors_exit_2_and_a_password_is_never_a_flag() {
        assertThat(portway("ports", "frobnicate")).isEqualTo(2);
        assertThat(portway("--password", "secret", "ports", "list")).isEqualTo(2);
        assertThat(err).contains("Unknown options: '--password'");
        assertThat(portway("instances", "resume")).isEqualTo(2);
        assertThat(err).contains("give instance ids or a filter");
        assertThat(services.requests).isEmpty();
    }

    @Test
    void the_password_can_come_from_standard_input_and_the_rest_of_it_is_the_file() {
        env.remove("PORTWAY_PASSWORD");
        stdin = "from-stdin\n{\"name\":\"P\"}";
        services.answer("POST /api/send-ports", 201, "{\"name\":\"P\",\"status\":\"Bound\",\"version\":1}");

        assertThat(portway("--user", "operator", "--password-stdin", "ports", "create", "-f", "-")).isZero();

        assertThat(services.requests.get(0).authorization())
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("operator:from-stdin".getBytes()));
        assertThat(services.requests.get(0).body()).isEqualTo("{\"name\":\"P\"}");
        assertThat(out.lines().toList()).containsExactly("NAME  STATUS  VERSION", "P     Bound   1");
    }

    @Test
    void without_a_terminal_a_missing_password_is_a_usage_error() {
        env.remove("PORTWAY_PASSWORD");

        assertThat(portway("ports", "list")).isEqualTo(2);

        assertThat(err).contains("no password for user admin");
        assertThat(services.requests).isEmpty();
    }

    @Test
    void a_profile_with_a_password_that_others_may_read_is_refused() throws IOException {
        env.clear();
        env.put("HOME", directory.toString());
        Path profile = write(".portway/profile", "command-url=" + services.url() + "\nuser=admin\npassword=secret\n");
        services.answer("POST /api/send-ports/P/start", 200, "{\"name\":\"P\",\"status\":\"Started\",\"version\":3}");

        Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(portway("ports", "start", "P")).isEqualTo(2);
        assertThat(err).contains("holds a password and others may read it").contains("chmod 600");
        assertThat(services.requests).isEmpty();

        Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-------"));
        assertThat(portway("ports", "start", "P")).isZero();
        assertThat(services.requests).hasSize(1);
        assertThat(out).contains("P     Started  3");
    }

    @Test
    void a_readable_profile_without_a_password_is_only_warned_about() throws IOException {
        env.remove("PORTWAY_COMMAND_URL");
        Path profile = write("other-profile", "command-url=" + services.url() + "\n");
        Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-r--r--"));
        services.answer("POST /api/send-ports/P/stop", 200, "{\"name\":\"P\",\"status\":\"Stopped\",\"version\":4}");

        assertThat(portway("--profile", profile.toString(), "ports", "stop", "P")).isZero();

        assertThat(err).contains("warning: others may read profile");
    }

    @Test
    void the_base_url_gives_the_three_services_their_default_ports() {
        Portway root = new Portway(Map.of("PORTWAY_URL", "https://portway.example.com"), null, null, null);

        Connection connection = root.connection();

        assertThat(connection.command()).hasToString("https://portway.example.com:8081");
        assertThat(connection.query()).hasToString("https://portway.example.com:8082");
        assertThat(connection.delivery()).hasToString("https://portway.example.com:8083");
        assertThat(new Portway(Map.of(), null, null, null).connection().query())
                .hasToString("http://127.0.0.1:8082");
    }

    @Test
    void a_bulk_action_asks_first_and_does_nothing_unless_confirmed() {
        services.answer("POST /api/service-instances/terminate", 200,
                "{\"matched\":2,\"resumed\":0,\"terminated\":2,\"refused\":0}");

        stdin = "n\n";
        assertThat(portway("instances", "terminate", "--send-port", "Orders.Direct", "--status", "Suspended"))
                .isEqualTo(1);
        assertThat(err).contains("Terminate service instances with sendPort=Orders.Direct status=Suspended? [y/N]");
        assertThat(services.requests).isEmpty();

        stdin = "y\n";
        assertThat(portway("instances", "terminate", "--send-port", "Orders.Direct", "--status", "Suspended"))
                .isZero();
        assertThat(services.requests).singleElement().satisfies(request -> assertThat(request.body())
                .isEqualTo("{\"sendPort\":\"Orders.Direct\",\"status\":\"Suspended\"}"));
        assertThat(out).contains("matched 2, terminated 2, refused 0");

        stdin = "";
        assertThat(portway("instances", "terminate", "--all", "--yes")).isZero();
        assertThat(services.requests.get(1).body()).isEqualTo("{}");
    }

    @Test
    void one_instance_is_acted_on_without_asking() {
        services.answer("POST /api/service-instances/0b7c/resume", 200,
                "{\"id\":\"a1\",\"sendPort\":\"P\",\"status\":\"ReadyToRun\",\"attempts\":0}");

        assertThat(portway("instances", "resume", "0b7c")).isZero();

        assertThat(out).contains("a1  P          ReadyToRun");
    }

    @Test
    void a_bindings_dry_run_shows_what_would_change_and_changes_nothing() {
        services.answer("GET /api/applications/Orders/bindings", 200, """
                {"application":"Orders",
                 "sendPorts":[{"name":"Orders.Direct","application":"Orders","status":"Started","version":5,
                   "primaryTransport":{"type":"FILE","address":"file:///old","retryCount":3,
                     "properties":{"password":"******"}},"groups":[]},
                   {"name":"Orders.Old","application":"Orders","status":"Bound","version":1}],
                 "sendPortGroups":[]}""");
        Path document = write("bindings.json", """
                {"application":"Orders",
                 "sendPorts":[{"name":"Orders.Direct","application":"Orders","status":"Started",
                   "primaryTransport":{"type":"FILE","address":"file:///old","retryCount":3,
                     "properties":{"password":"******"}}},
                   {"name":"Orders.New","application":"Orders","primaryTransport":{"type":"FILE","address":"file:///n"}}],
                 "sendPortGroups":[{"name":"Orders.Group","application":"Orders","status":"Started",
                   "sendPorts":[{"name":"Orders.New","status":"Started"}]}]}""");

        assertThat(portway("bindings", "import", "Orders", "-f", document.toString(), "--dry-run",
                "--override", "Orders.Direct/primaryTransport.address=file:///new",
                "--override", "Orders.Direct/primaryTransport.retryCount=5")).isZero();

        assertThat(out.lines().toList()).containsExactly(
                "KIND           NAME           CHANGE       STATUS   FIELDS",
                "SendPort       Orders.Direct  reconfigure  Started  primaryTransport.address: file:///old -> file:///new;"
                        + " primaryTransport.retryCount: 3 -> 5",
                "SendPort       Orders.New     create       Bound    -",
                "SendPortGroup  Orders.Group   create       Started  -",
                "not in the document (left as it is): SendPort Orders.Old Bound",
                "dry run: nothing was changed");
        assertThat(services.requests).extracting(FakeServices.Request::method).containsOnly("GET");
    }

    @Test
    void an_import_sends_the_overrides_in_the_document() {
        Path document = write("bindings.json", "{\"application\":\"Orders\",\"sendPorts\":[],\"sendPortGroups\":[]}");
        services.answer("PUT /api/applications/Orders/bindings", 200, """
                {"application":"Orders","artifacts":[{"kind":"SendPort","name":"Orders.Direct","change":"reconfigured",
                  "before":"Started","after":"Started","version":6}],"notInDocument":[]}""");

        assertThat(portway("bindings", "import", "Orders", "-f", document.toString(),
                "--override", "Orders.Direct/primaryTransport.address=file:///new")).isZero();

        assertThat(services.requests.get(0).body()).isEqualTo("{\"application\":\"Orders\",\"sendPorts\":[],"
                + "\"sendPortGroups\":[],\"overrides\":{\"Orders.Direct\":{\"primaryTransport.address\":\"file:///new\"}}}");
        assertThat(out).contains("SendPort  Orders.Direct  reconfigured  Started  Started  6");
    }

    @Test
    void applications_report_each_refused_artifact_and_exit_3() {
        services.answer("POST /api/applications/Orders/start", 200, """
                {"application":"Orders","artifacts":[
                 {"kind":"SendPort","name":"P","before":"Bound","after":"Started","version":3},
                 {"kind":"SendPortGroup","name":"G","before":"Bound","after":"Bound","version":1,
                  "error":{"code":"NO_ENLISTED_MEMBER","detail":"group 'G' has no enlisted member"}}]}""");

        assertThat(portway("apps", "start", "Orders")).isEqualTo(3);

        assertThat(out).contains("SendPort       P     Bound   Started  3        -")
                .contains("SendPortGroup  G     Bound   Bound    1        NO_ENLISTED_MEMBER");
        assertThat(err).contains("NO_ENLISTED_MEMBER: group 'G' has no enlisted member");
    }

    @Test
    void a_message_is_published_with_its_context_and_names_in_paths_are_encoded() {
        Path body = write("order.xml", "<order/>");
        services.answer("POST /api/messages", 202, """
                {"messageId":"m-1","routes":[{"sendPort":"Orders Direct","via":"filter","instanceId":"i-1",
                  "status":"ReadyToRun"}]}""");
        services.answer("GET /api/send-ports/Orders%20Direct/history", 200, """
                {"items":[{"sequence":1,"type":"SendPortCreated","occurredAt":"2026-01-01T00:00:00Z",
                  "principal":"admin","correlationId":"c-1"}],"next":null}""");

        assertThat(portway("messages", "publish", "-f", body.toString(), "-c", "Orders.Country=NL", "--id", "m-1",
                "--content-type", "application/xml")).isZero();
        assertThat(portway("history", "Orders Direct")).isZero();

        assertThat(services.requests.get(0).body()).isEqualTo("{\"id\":\"m-1\",\"context\":{\"Orders.Country\":"
                + "\"NL\"},\"body\":\"<order/>\",\"bodyEncoding\":\"utf-8\",\"contentType\":\"application/xml\"}");
        assertThat(out).contains("1    SendPortCreated  2026-01-01T00:00:00Z  admin      c-1");
    }

    static final String EXPLANATION = """
            {"routes":[{"sendPort":"OrdersToFile","via":"filter","conjunction":0,"outcome":"held",
                        "reason":"PORT_STOPPED"}],
             "nearMisses":[{"kind":"SendPort","name":"OrdersToUS","status":"Started","reason":null,
                            "failed":[{"property":"Region","operator":"==","expected":"US","actual":"EU"},
                                      {"property":"Amount","operator":">","expected":"100","actual":null}]},
                           {"kind":"SendPortGroup","name":"Audit","status":"Bound","reason":"NOT_ENLISTED",
                            "failed":[]}],
             "position":12}""";

    @Test
    void a_message_is_explained_as_tables_of_routes_and_near_misses_or_as_the_apis_json() {
        Path message = write("message.json", "{\"context\":{\"Region\":\"EU\"}}");
        services.answer("POST /api/messages/explain?limit=5&asOf=2026-11-27T10%3A00%3A00Z", 200, EXPLANATION);
        services.answer("POST /api/messages/explain", 200, EXPLANATION);

        assertThat(portway("messages", "explain", "-f", message.toString(), "--limit", "5", "--as-of",
                "2026-11-27T10:00:00Z")).isZero();

        assertThat(services.requests.get(0).body()).isEqualTo("{\"context\":{\"Region\":\"EU\"}}");
        assertThat(out.lines().toList()).containsExactly(
                "routes at position 12: 1",
                "SEND PORT     VIA     CONJUNCTION  OUTCOME  REASON",
                "OrdersToFile  filter  0            held     PORT_STOPPED",
                "",
                "near misses (closest first): 2",
                "KIND           NAME        STATUS   WHY NOT",
                "SendPort       OrdersToUS  Started  Region == US (actual: EU); Amount > 100 (missing)",
                "SendPortGroup  Audit       Bound    NOT_ENLISTED");

        assertThat(portway("messages", "explain", "-f", message.toString(), "--output", "json")).isZero();
        assertThat(out).contains("\"position\" : 12").contains("\"actual\" : \"EU\"");
    }

    @Test
    void a_routing_failure_is_explained_and_an_unknown_one_exits_3() {
        services.answer("GET /api/routing-failures/f-1/explain", 200, EXPLANATION);
        services.answer("GET /api/routing-failures", 200, """
                {"items":[{"id":"f-1","messageId":"m-1","reason":"NO_SUBSCRIBERS","occurredAt":"2026-11-27T10:00:00Z",
                  "context":{"Region":"EU"}}],"next":null}""");

        assertThat(portway("routing-failures", "list")).isZero();
        assertThat(out).contains("f-1  m-1      2026-11-27T10:00:00Z  NO_SUBSCRIBERS");
        assertThat(portway("routing-failures", "explain", "f-1")).isZero();
        assertThat(out).contains("OrdersToFile  filter  0            held     PORT_STOPPED");

        assertThat(portway("routing-failures", "explain", "nope")).isEqualTo(3);
        assertThat(err).contains("NOT_FOUND");
        assertThat(portway("messages", "explain", "-f", directory.resolve("absent.json").toString()))
                .isEqualTo(2);
    }

    @Test
    void kafka_that_is_not_there_exits_4() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(portway("events", "tail", "--bootstrap", "127.0.0.1:" + closed, "--max", "1")).isEqualTo(4);

        assertThat(err).contains("cannot reach Kafka at 127.0.0.1:" + closed);
    }

    @Test
    void completion_is_generated_by_picocli() {
        assertThat(portway("completion")).isZero();

        assertThat(out).contains("complete -F _complete_portway").contains("instances").contains("bindings");
    }

    private Path write(String name, String content) {
        try {
            Path file = directory.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
