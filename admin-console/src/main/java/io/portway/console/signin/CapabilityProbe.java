package io.portway.console.signin;

import io.portway.console.api.ApiProblem;
import io.portway.console.api.Credentials;
import io.portway.console.api.PortwayServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Learns what a user may do by asking the services, with requests that cannot change anything: a GET, a body
 * that is not JSON, or an artifact that does not exist. The services check the role before anything else, so
 * 401 means wrong credentials, 403 means the role lacks the right, and any other answer (200, 400, 404) means
 * the right is there.
 */
@Component
class CapabilityProbe {

    private static final Logger log = LoggerFactory.getLogger(CapabilityProbe.class);
    private static final String NOT_JSON = "{";

    /** The credentials are wrong (the query service answered 401). */
    static class WrongCredentials extends RuntimeException {
        WrongCredentials() {
            super("wrong user name or password");
        }
    }

    /** The services hold sign-ins back after repeated failures (the query service answered 429). */
    static class Throttled extends RuntimeException {
        Throttled() {
            super("too many failed sign-ins");
        }
    }

    private final PortwayServices services;

    CapabilityProbe(PortwayServices services) {
        this.services = services;
    }

    /**
     * Verifies the credentials against the query service and returns the user's capabilities.
     *
     * @throws WrongCredentials when the query service refuses the credentials
     * @throws Throttled when the query service does not check them now (429 after repeated failures)
     * @throws RestClientException when the query service cannot be reached
     */
    Set<Capability> probe(Credentials user) {
        int view = status(services.query(), user, client -> client.get().uri("/api/send-ports?limit=1"));
        if (view == 401) {
            throw new WrongCredentials();
        }
        if (view == 429) {
            throw new Throttled();
        }
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        add(capabilities, Capability.VIEW, view);
        String missing = "console-probe-" + UUID.randomUUID();
        add(capabilities, Capability.CONFIGURE, safely(services.command(), user,
                client -> client.post().uri("/api/send-ports").contentType(MediaType.APPLICATION_JSON).body(NOT_JSON)));
        add(capabilities, Capability.OPERATE, safely(services.command(), user,
                client -> client.post().uri("/api/send-ports/{name}/stop", missing)));
        add(capabilities, Capability.MANAGE_INSTANCES, safely(services.delivery(), user,
                client -> client.post().uri("/api/service-instances/resume")
                        .contentType(MediaType.APPLICATION_JSON).body(NOT_JSON)));
        add(capabilities, Capability.PUBLISH, safely(services.delivery(), user,
                client -> client.post().uri("/api/messages").contentType(MediaType.APPLICATION_JSON).body(NOT_JSON)));
        add(capabilities, Capability.ADMINISTER, safely(services.query(), user,
                client -> client.get().uri("/api/admin/rebuild")));
        log.info("user {} signed in with {}", user.username(), capabilities);
        return capabilities;
    }

    private static void add(Set<Capability> capabilities, Capability capability, int status) {
        if (status > 0 && status != 401 && status != 403 && status != 429 && status < 500) {
            capabilities.add(capability);
        }
    }

    /** Like {@link #status} but an unreachable service means "unknown", i.e. not granted. */
    private int safely(RestClient client, Credentials user, Function<RestClient, RestClient.RequestHeadersSpec<?>> call) {
        try {
            return status(client, user, call);
        } catch (RestClientException unreachable) {
            log.warn("could not probe a capability of {}: {}", user.username(), unreachable.getMessage());
            return -1;
        }
    }

    private int status(RestClient client, Credentials user, Function<RestClient, RestClient.RequestHeadersSpec<?>> call) {
        try {
            return call.apply(client)
                    .headers(headers -> headers.setBasicAuth(user.username(), user.password()))
                    .retrieve()
                    .toBodilessEntity()
                    .getStatusCode()
                    .value();
        } catch (ApiProblem problem) {
            return problem.status();
        }
    }
}
