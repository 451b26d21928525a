package io.portway.support;

import io.portway.events.TransportType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressRulesTest {

    @TempDir
    Path root;

    private AddressRules rules(List<String> hosts) {
        return new AddressRules(List.of(root.toString()), hosts, List.of("portway.messages.it1", "orders-in"));
    }

    @Test
    void file_targets_must_lie_below_an_allowed_root_after_resolving_dot_dot() {
        AddressRules rules = rules(List.of());
        assertThat(rules.problem(TransportType.FILE, root.toUri() + "out/%MessageID%.xml")).isNull();
        assertThat(rules.problem(TransportType.FILE, root.toUri() + "deep/er/x.xml")).isNull();
        assertThat(rules.problem(TransportType.FILE, root.toUri() + "../escape/%MessageID%.xml"))
                .contains("not below an allowed root");
        assertThat(rules.problem(TransportType.FILE, "file:///etc/cron.d/x")).contains("not below an allowed root");
        assertThat(rules.problem(TransportType.FILE, root.toUri().toString().replaceAll("/$", "")))
                .as("the root itself is not a file name below it").contains("not below");
    }

    @Test
    void no_root_configured_means_file_delivers_nowhere() {
        AddressRules rules = new AddressRules(List.of(), List.of(), List.of());
        assertThat(rules.problem(TransportType.FILE, root.toUri() + "x.xml")).contains("no allowed root");
    }

    @Test
    void a_symbolic_link_below_the_root_may_not_lead_out_of_it(@TempDir Path elsewhere) throws Exception {
        Files.createSymbolicLink(root.resolve("link"), elsewhere);
        Files.createDirectories(root.resolve("inside"));
        Files.createSymbolicLink(root.resolve("inner-link"), root.resolve("inside"));
        AddressRules rules = rules(List.of());
        assertThat(rules.problem(TransportType.FILE, root.toUri() + "link/x.xml")).contains("symbolic link");
        assertThat(rules.problem(TransportType.FILE, root.toUri() + "link/new/dir/x.xml")).contains("symbolic link");
        assertThat(rules.problem(TransportType.FILE, root.toUri() + "inner-link/x.xml")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:5432/", "http://localhost/x", "http://[::1]/x", "http://169.254.169.254/latest",
            "http://[fe80::1]/x", "http://0.0.0.0:8080/", "http://[::]/", "http://0.1.2.3/", "http://[::ffff:127.0.0.1]/"})
    void by_default_loopback_link_local_and_unspecified_hosts_are_refused(String address) {
        assertThat(rules(List.of()).problem(TransportType.HTTP, address)).contains("not an allowed host");
    }

    @Test
    void by_default_public_addresses_are_allowed_and_an_unresolvable_name_is_left_to_delivery() {
        AddressRules rules = rules(List.of());
        assertThat(rules.problem(TransportType.HTTP, "https://93.184.215.14/in")).isNull();
        assertThat(rules.problem(TransportType.HTTP, "https://no-such-host.invalid/in")).isNull();
        assertThat(rules.hostProblem("no-such-host.invalid", false)).contains("does not resolve");
    }

    @Test
    void allowed_hosts_are_names_patterns_and_cidrs_and_star_adds_every_public_host() throws Exception {
        AddressRules listed = rules(List.of("api.example.com", "*.partner.net", "10.0.0.0/8", "::1"));
        assertThat(listed.problem(TransportType.HTTP, "https://api.example.com/in")).isNull();
        assertThat(listed.problem(TransportType.HTTP, "https://eu.partner.net/in")).isNull();
        assertThat(listed.problem(TransportType.HTTP, "https://partner.net/in")).isNotNull();
        assertThat(listed.problem(TransportType.HTTP, "http://10.1.2.3/in")).isNull();
        assertThat(listed.problem(TransportType.HTTP, "http://[::1]/in")).isNull();
        assertThat(listed.problem(TransportType.HTTP, "http://11.1.2.3/in")).contains("not an allowed host");
        assertThat(listed.problem(TransportType.HTTP, "http://127.0.0.1/in")).contains("not an allowed host");

        AddressRules local = rules(List.of("*", "127.0.0.0/8", "::1/128"));
        assertThat(local.problem(TransportType.HTTP, "http://127.0.0.1:9/in")).isNull();
        assertThat(local.problem(TransportType.HTTP, "http://localhost:9/in")).isNull();
        assertThat(local.problem(TransportType.HTTP, "http://93.184.215.14/in")).isNull();
        assertThat(local.problem(TransportType.HTTP, "http://169.254.169.254/in")).contains("not an allowed host");
    }

    @Test
    void resolving_refuses_a_name_that_leads_to_a_refused_address_and_returns_the_checked_ones() throws Exception {
        AddressRules rules = rules(List.of());
        assertThatThrownBy(() -> rules.resolve("localhost")).isInstanceOf(AddressRules.NotAllowed.class);
        assertThat(rules.resolve("93.184.215.14")).containsExactly(InetAddress.getByName("93.184.215.14"));
    }

    @Test
    void kafka_never_produces_to_portways_own_topics() {
        AddressRules rules = rules(List.of());
        assertThat(rules.problem(TransportType.KAFKA, "kafka://portway.send-port-events")).contains("own topics");
        assertThat(rules.problem(TransportType.KAFKA, "kafka://PORTWAY.messages")).contains("own topics");
        assertThat(rules.problem(TransportType.KAFKA, "kafka://orders-in")).contains("own topics");
        assertThat(rules.problem(TransportType.KAFKA, "kafka://orders")).isNull();
    }
}
