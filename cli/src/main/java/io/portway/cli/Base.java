package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What every subcommand shares: the root command's settings, the API, the output and reading files. */
abstract class Base implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /**
     * Run without one of its subcommands, a command prints its usage and exits with {@link Portway#USAGE}; a
     * command that does something itself overrides this.
     */
    @Override
    public Integer call() {
        spec.commandLine().usage(root().err);
        return Portway.USAGE;
    }

    Portway root() {
        return (Portway) spec.root().userObject();
    }

    Api api() {
        return root().api();
    }

    Output output() {
        return root().output();
    }

    /** The bytes of a file, or of standard input for {@code -}. */
    byte[] bytes(Path file) {
        try {
            return file.toString().equals("-") ? root().in.readAllBytes() : Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Portway.UsageProblem("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A JSON document from a file, or from standard input for {@code -}. */
    JsonNode json(Path file) {
        try {
            return Api.JSON.readTree(bytes(file));
        } catch (IOException e) {
            throw new Portway.UsageProblem(file + " is not JSON: " + e.getMessage());
        }
    }

    /** Asks before a bulk action; true when the user answered yes. */
    boolean confirm(String question) {
        java.io.Console console = System.console();
        String answer;
        if (console != null) {
            answer = console.readLine("%s [y/N] ", question);
        } else {
            root().err.print(question + " [y/N] ");
            root().err.flush();
            answer = Connection.firstLine(root().in);
        }
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }
}
