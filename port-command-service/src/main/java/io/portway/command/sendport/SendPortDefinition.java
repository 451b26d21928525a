package io.portway.command.sendport;

import io.portway.command.artifact.Fields;
import io.portway.command.sendport.SendPortRequest.TransportRequest;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.support.AddressRules;
import io.portway.events.Filter;
import io.portway.messaging.TransportSecrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A send port request checked against every rule that needs no state (docs/RULES.md §1), with defaults applied.
 * Anything wrong is refused with VALIDATION_FAILED naming the fields.
 */
public record SendPortDefinition(String name, boolean dynamic, boolean twoWay, SendPortConfiguration configuration) {

    private static final Duration MAX_RETRY_INTERVAL = Duration.ofDays(365);
    private static final Pattern MACRO = Pattern.compile("%(MessageID|SendPortName|datetime)%");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    /** For creation: the request names the port and may set dynamic and twoWay. */
    public static SendPortDefinition of(SendPortRequest request, AddressRules rules) {
        Fields fields = new Fields();
        fields.name(request.name());
        return validate(request, request.name(), bool(request.dynamic()), bool(request.twoWay()), fields, rules);
    }

    /** For reconfiguration: name, dynamic and twoWay default to what the port has. */
    static SendPortDefinition of(SendPortRequest request, String name, boolean dynamic, boolean twoWay,
                                 AddressRules rules) {
        return validate(request, name, request.dynamic() == null ? dynamic : request.dynamic(),
                request.twoWay() == null ? twoWay : request.twoWay(), new Fields(), rules);
    }

    private static SendPortDefinition validate(SendPortRequest request, String name, boolean dynamic,
            boolean twoWay, Fields fields, AddressRules rules) {
        fields.description(request.description());
        String application = fields.application(request.application());
        Transport primary = transport(request.primaryTransport(), "primaryTransport", fields, rules);
        Transport backup = transport(request.backupTransport(), "backupTransport", fields, rules);
        if (dynamic) {
            fields.check(request.primaryTransport() == null, "primaryTransport",
                    "must be absent on a dynamic port: each message names its address");
            fields.check(request.backupTransport() == null, "backupTransport", "not allowed on a dynamic port");
            fields.check(!bool(request.routeFailedMessages()), "routeFailedMessages",
                    "not allowed on a dynamic port");
        } else {
            fields.check(request.primaryTransport() != null, "primaryTransport", "required for a static port");
        }
        int priority = request.priority() == null ? SendPortConfiguration.DEFAULT_PRIORITY : request.priority();
        fields.check(priority >= 1 && priority <= 10, "priority", "must be between 1 and 10");
        boolean ordered = bool(request.orderedDelivery());
        fields.check(!bool(request.stopSendingOnFailure()) || ordered, "stopSendingOnFailure",
                "only allowed with orderedDelivery");
        var filter = fields.filter(request.filter());
        fields.throwIfAny();
        fields.fitsInAnEvent(sizeParts(request.description(), filter, primary, backup));
        fields.throwIfAny();
        return new SendPortDefinition(name, dynamic, twoWay, new SendPortConfiguration(
                request.description() == null ? "" : request.description(),
                application,
                primary,
                backup,
                request.sendPipeline() == null ? SendPipeline.PassThruTransmit : request.sendPipeline(),
                filter,
                priority,
                ordered,
                bool(request.stopSendingOnFailure()),
                bool(request.routeFailedMessages()),
                request.tracking() == null ? Tracking.NONE : request.tracking()));
    }

    private static Transport transport(TransportRequest request, String field, Fields fields, AddressRules rules) {
        if (request == null) {
            return null;
        }
        if (request.type() == null) {
            fields.reject(field + ".type", "required: one of FILE, HTTP, KAFKA");
        }
        if (request.address() == null || request.address().isBlank()) {
            fields.reject(field + ".address", "required");
        } else if (request.address().length() > Fields.MAX_VALUE) {
            fields.reject(field + ".address", "at most " + Fields.MAX_VALUE + " characters");
        } else if (fields.printable(request.address(), field + ".address", false) && request.type() != null) {
            String problem = addressProblem(request.type(), request.address());
            String confinement = problem == null ? rules.problem(request.type(), request.address()) : null;
            if (problem != null) {
                fields.reject(field + ".address", problem);
            } else if (holdsCredentials(request.address())) {
                fields.reject(field + ".address", "must not hold credentials (user:password@), which would be"
                        + " stored and shown in clear: give them as the properties username and password,"
                        + " which are kept secret");
            } else if (confinement != null) {
                fields.reject(field + ".address", confinement, AddressRules.ADDRESS_NOT_ALLOWED);
            }
        }
        int retryCount = request.retryCount() == null ? Transport.DEFAULT_RETRY_COUNT : request.retryCount();
        fields.check(retryCount >= 0 && retryCount <= 1000, field + ".retryCount", "must be between 0 and 1000");
        Duration retryInterval = request.retryInterval() == null
                ? Transport.DEFAULT_RETRY_INTERVAL : request.retryInterval();
        fields.check(!retryInterval.isNegative() && retryInterval.compareTo(MAX_RETRY_INTERVAL) <= 0,
                field + ".retryInterval", "must be an ISO-8601 duration between PT0S and P365D");
        if (request.serviceWindow() != null) {
            var window = request.serviceWindow();
            fields.check(window.from() != null, field + ".serviceWindow.from", "required, HH:mm");
            fields.check(window.to() != null, field + ".serviceWindow.to", "required, HH:mm");
            if (window.zone() != null) {
                try {
                    ZoneId.of(window.zone());
                } catch (DateTimeException e) {
                    fields.reject(field + ".serviceWindow.zone", "not a time zone id, e.g. Europe/Amsterdam");
                }
            }
        }
        fields.properties(request.properties(), field + ".properties");
        return new Transport(request.type(), request.address(), withoutNullValues(request.properties()), retryCount,
                retryInterval, request.serviceWindow());
    }

    /** The parts of the event a request can make large, by field; secrets counted at their sealed size. */
    private static Map<String, Object> sizeParts(String description, Filter filter, Transport primary,
            Transport backup) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("description", description);
        parts.put("filter", filter);
        parts.put("primaryTransport", sealedSize(primary));
        parts.put("backupTransport", sealedSize(backup));
        return parts;
    }

    /** A stand-in of a transport whose secrets are as long as they will be once sealed. */
    private static Transport sealedSize(Transport transport) {
        if (transport == null) {
            return null;
        }
        Map<String, String> properties = new HashMap<>();
        transport.properties().forEach((name, value) -> properties.put(name,
                TransportSecrets.isSecret(name) ? "x".repeat(SecretProperties.sealedLength(value)) : value));
        return new Transport(transport.type(), transport.address(), properties, transport.retryCount(),
                transport.retryInterval(), transport.serviceWindow());
    }

    private static Map<String, String> withoutNullValues(Map<String, String> properties) {
        if (properties == null) {
            return null;
        }
        Map<String, String> copy = new HashMap<>(properties);
        copy.values().removeIf(Objects::isNull);
        copy.keySet().removeIf(Objects::isNull);
        return copy;
    }

    private static boolean holdsCredentials(String address) {
        try {
            return new URI(MACRO.matcher(address).replaceAll("x")).getRawUserInfo() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Null when the address suits the transport type, else what is wrong with it. */
    static String addressProblem(TransportType type, String address) {
        URI uri;
        try {
            uri = new URI(MACRO.matcher(address).replaceAll("x"));
        } catch (URISyntaxException e) {
            return "not a valid URI: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        return switch (type) {
            case FILE -> scheme.equals("file") && uri.getPath() != null && uri.getPath().length() > 1
                    && !uri.getPath().endsWith("/") ? null
                    : "a FILE address is file:///directory/file-name, e.g. file:///out/%MessageID%.xml";
            case HTTP -> (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? null
                    : "an HTTP address is http(s)://host[:port]/path";
            case KAFKA -> scheme.equals("kafka") && uri.getRawAuthority() != null
                    && TOPIC.matcher(uri.getRawAuthority()).matches()
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? null
                    : "a KAFKA address is kafka://topic (letters, digits, '.', '_', '-')";
        };
    }

    private static boolean bool(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}
