package io.portway.delivery.message;

import io.portway.delivery.instance.Page;
import io.portway.support.PortwayException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

@RestController
@RequestMapping("/api")
class MessageController {

    private final MessageIntake intake;
    private final Messages messages;
    private final MessageLimits limits;

    MessageController(MessageIntake intake, Messages messages, MessageLimits limits) {
        this.intake = intake;
        this.messages = messages;
        this.limits = limits;
    }

    /** A message to publish; {@code body} is text, or base64 when {@code bodyEncoding} says so. */
    record PublishMessage(
            @Size(min = 1, max = 256) String id,
            Map<@Size(min = 1, max = 256) String, @NotNull String> context,
            @NotNull String body,
            String bodyEncoding,
            @Size(max = 256) String contentType) {
    }

    @PostMapping("/messages")
    ResponseEntity<PublishAnswer> publish(@Valid @RequestBody PublishMessage request) {
        byte[] body = limits.decodeBody(request.body(), request.bodyEncoding());
        IncomingMessage message = new IncomingMessage(request.id(), request.context(), body, request.contentType());
        limits.check(message);
        MessageIntake.IntakeResult outcome = intake.acceptOrRefuse(message);
        return ResponseEntity.status(outcome.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(outcome.answer());
    }

    @GetMapping("/messages/{id}")
    Messages.MessageView message(@PathVariable String id) {
        return messages.message(id).orElseThrow(() ->
                new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no message with id '" + id + "'"));
    }

    @GetMapping("/routing-failures")
    Page<Messages.RoutingFailureView> routingFailures(@RequestParam(required = false) String cursor,
                                                      @RequestParam(defaultValue = "50") int limit) {
        return messages.routingFailures(cursor, limit);
    }
}
