package io.portway.support;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Where transports may deliver (docs/RULES.md §8): {@code portway.delivery.file.allowed-roots} and
 * {@code portway.delivery.http.allowed-hosts} (environment {@code PORTWAY_DELIVERY_FILE_ALLOWED_ROOTS},
 * {@code PORTWAY_DELIVERY_HTTP_ALLOWED_HOSTS}, comma-separated). The command and the delivery service read the same
 * names, so a static address is refused where it would not be delivered. See {@link AddressRules}.
 */
@ConfigurationProperties("portway.delivery")
public record AddressRulesProperties(File file, Http http) {

    public AddressRulesProperties {
        file = file == null ? new File(null) : file;
        http = http == null ? new Http(null) : http;
    }

    /** @param allowedRoots directories FILE may write below; none = FILE delivers nowhere */
    public record File(List<String> allowedRoots) {
        public File {
            allowedRoots = allowedRoots == null ? List.of() : List.copyOf(allowedRoots);
        }
    }

    /** @param allowedHosts names, {@code *.domain}, CIDRs, {@code *} (any public address); none = {@code *} */
    public record Http(List<String> allowedHosts) {
        public Http {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        }
    }

    public AddressRules rules(PortwayTopics topics) {
        return new AddressRules(file.allowedRoots(), http.allowedHosts(), List.of(topics.sendPortEvents(),
                topics.messages(), topics.messages() + ".dlt", topics.deliveryEvents()));
    }
}
