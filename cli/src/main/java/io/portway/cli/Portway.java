package io.portway.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code portway} command: operates send ports, groups, applications, bindings, service instances and messages
 * through the services' public HTTP APIs, and follows the Kafka topics. Exit codes: 0 done, 1 not confirmed,
 * 2 usage (or configuration), 3 refused by the API, 4 a service or Kafka not reachable.
 */
@Command(name = "portway", mixinStandardHelpOptions = true, versionProvider = Portway.Version.class,
        scope = ScopeType.INHERIT,
        usageHelpAutoWidth = true,
        description = "Operate Portway from the command line.",
        footerHeading = "%nConnection%n",
        footer = {
                "Service URLs come from --command-url, --query-url and --delivery-url (env PORTWAY_COMMAND_URL,"
                        + " PORTWAY_QUERY_URL, PORTWAY_DELIVERY_URL; profile keys command-url, query-url,"
                        + " delivery-url). Otherwise they are the base URL --url (env PORTWAY_URL, profile key url;"
                        + " default http://127.0.0.1), scheme and host, with the ports 8081 (command), 8082 (query)"
                        + " and 8083 (delivery).",
                "User: --user (env PORTWAY_USER, profile key user). Password: env PORTWAY_PASSWORD, profile key"
                        + " password, the first line of standard input with --password-stdin, or a prompt on the"
                        + " terminal; never a flag.",
                "Profile: --profile FILE (env PORTWAY_PROFILE; default ~/.portway/profile), a properties file."
                        + " A profile that holds a password and that others may read is refused (chmod 600 it).",
                "Kafka (events tail): --bootstrap (env PORTWAY_KAFKA_BOOTSTRAP_SERVERS, profile key kafka; default"
                        + " 127.0.0.1:19092).",
                "",
                "Exit codes: 0 done, 1 not confirmed, 2 usage, 3 refused by the API (its code and detail on"
                        + " stderr), 4 not reachable.",
                "Shell completion: source <(portway completion)"},
        subcommands = {
                ArtifactCommands.Ports.class,
                ArtifactCommands.Groups.class,
                AppsCommand.class,
                BindingsCommand.class,
                InstancesCommand.class,
                MessagesCommand.class,
                RoutingFailuresCommand.class,
                HistoryCommand.class,
                AuditCommand.class,
                EventsCommand.class})
public final class Portway {

    static final int NOT_CONFIRMED = 1;
    static final int USAGE = 2;
    static final int REFUSED = 3;
    static final int UNREACHABLE = 4;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Base URL of the services (env PORTWAY_URL): scheme and host; ports 8081-8083 are added")
    String url;

    @Option(names = "--command-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "port-command-service (env PORTWAY_COMMAND_URL)")
    String commandUrl;

    @Option(names = "--query-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "port-query-service (env PORTWAY_QUERY_URL)")
    String queryUrl;

    @Option(names = "--delivery-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "delivery-service (env PORTWAY_DELIVERY_URL)")
    String deliveryUrl;

    @Option(names = {"-u", "--user"}, scope = ScopeType.INHERIT, description = "user name (env PORTWAY_USER)")
    String user;

    @Option(names = "--password-stdin", scope = ScopeType.INHERIT,
            description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "profile file (env PORTWAY_PROFILE; default ~/.portway/profile)")
    Path profile;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (default) or json")
    Output.Format output = Output.Format.table;

    final Map<String, String> env;
    final InputStream in;
    final PrintWriter out;
    final PrintWriter err;
    private Connection connection;
    private Api api;

    Portway(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), System.in, out, err));
    }

    /** Runs one command line and answers its exit code. */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Portway(env, in, out, err));
        commandLine.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            if (exception instanceof Api.Refused refused) {
                err.println(refused.getMessage());
                return REFUSED;
            }
            if (exception instanceof Api.Unreachable unreachable) {
                err.println("portway: " + unreachable.getMessage());
                return UNREACHABLE;
            }
            if (exception instanceof UsageProblem problem) {
                err.println("portway: " + problem.getMessage());
                return USAGE;
            }
            throw exception;
        });
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The resolved connection settings (flags, environment, profile, defaults). */
    Connection connection() {
        if (connection == null) {
            connection = Connection.resolve(this);
        }
        return connection;
    }

    Api api() {
        if (api == null) {
            api = new Api(connection().credentials(this));
        }
        return api;
    }

    Output output() {
        return new Output(output, out);
    }

    /** A problem with the command line or the configuration: exit code 2. */
    static final class UsageProblem extends RuntimeException {
        UsageProblem(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Portway.class.getPackage().getImplementationVersion();
            return new String[]{"portway " + (version == null ? "development" : version)};
        }
    }
}
