package io.portway.console.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.console.api.ApiProblem;
import io.portway.console.api.PortwayServices;
import io.portway.console.web.Flash;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Bindings: export an application's configuration as a JSON file, and import one after a preview of what it would
 * change. The import itself is the command service's: validated whole, then applied, or nothing changes.
 */
@Controller
class BindingsController {

    private final PortwayServices services;

    BindingsController(PortwayServices services) {
        this.services = services;
    }

    @GetMapping("/bindings")
    String page(@RequestParam(required = false) String application, Model model) {
        model.addAttribute("chosenApplication", application == null ? "" : application);
        return "bindings";
    }

    @GetMapping("/bindings/{application}/export")
    ResponseEntity<byte[]> export(@PathVariable String application) {
        byte[] document = services.command().get().uri("/api/applications/{application}/bindings", application)
                .accept(MediaType.APPLICATION_JSON).retrieve().body(byte[].class);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(application.replaceAll("[^A-Za-z0-9._-]", "_") + "-bindings.json", StandardCharsets.UTF_8)
                        .build().toString())
                .body(document == null ? new byte[0] : document);
    }

    @PostMapping("/bindings/preview")
    String preview(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String document,
            @RequestParam(required = false) String overrides, Model model) throws IOException {
        String text = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : document;
        model.addAttribute("overrides", overrides == null ? "" : overrides);
        model.addAttribute("chosenApplication", "");
        if (text == null || text.isBlank()) {
            model.addAttribute(Flash.ATTRIBUTE, Flash.error("Choose a bindings file or paste a document first."));
            return "bindings";
        }
        JsonNode incoming;
        try {
            incoming = withOverridesField(services.json().readTree(text), overrides);
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            model.addAttribute("document", text);
            model.addAttribute(Flash.ATTRIBUTE, Flash.error("This is not a bindings document: " + message(notJson)));
            return "bindings";
        }
        String application = incoming.path("application").asText("");
        if (application.isBlank()) {
            model.addAttribute("document", text);
            model.addAttribute(Flash.ATTRIBUTE, Flash.error("The document names no \"application\"."));
            return "bindings";
        }
        JsonNode current = null;
        try {
            current = services.command().get().uri("/api/applications/{application}/bindings", application)
                    .retrieve().body(JsonNode.class);
        } catch (ApiProblem problem) {
            if (problem.status() != 404) {
                throw problem;
            }
        }
        model.addAttribute("chosenApplication", application);
        model.addAttribute("document", services.json().writerWithDefaultPrettyPrinter().writeValueAsString(incoming));
        model.addAttribute("preview", BindingsPreview.of(current, BindingsPreview.withOverrides(incoming)));
        return "bindings";
    }

    @PostMapping("/bindings/apply")
    String apply(@RequestParam String document, Model model, RedirectAttributes redirect) throws IOException {
        JsonNode incoming = services.json().readTree(document);
        String application = incoming.path("application").asText("");
        try {
            services.command().put().uri("/api/applications/{application}/bindings", application)
                    .contentType(MediaType.APPLICATION_JSON).body(incoming).retrieve().toBodilessEntity();
        } catch (ApiProblem problem) {
            model.addAttribute("chosenApplication", application);
            model.addAttribute("document", document);
            model.addAttribute("overrides", "");
            model.addAttribute(Flash.ATTRIBUTE, Flash.refused(problem));
            return "bindings";
        }
        redirect.addFlashAttribute(Flash.ATTRIBUTE, Flash.success("Bindings of " + application + " imported."));
        return "redirect:/applications";
    }

    /** Puts the overrides typed on the page (a JSON object) into the document's {@code overrides}. */
    private JsonNode withOverridesField(JsonNode document, String overrides) throws JsonProcessingException {
        if (!document.isObject()) {
            throw new IllegalArgumentException("a bindings document is a JSON object");
        }
        if (overrides == null || overrides.isBlank()) {
            return document;
        }
        JsonNode parsed = services.json().readTree(overrides);
        if (!parsed.isObject()) {
            throw new IllegalArgumentException("overrides must be a JSON object {\"<artifact>\": {\"<field path>\": value}}");
        }
        ObjectNode copy = document.deepCopy();
        copy.set("overrides", parsed);
        return copy;
    }

    private static String message(Exception failure) {
        return failure instanceof JsonProcessingException json ? json.getOriginalMessage() : failure.getMessage();
    }
}
