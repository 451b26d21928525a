package io.portway.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** port-command-service: send ports and send port groups as event-sourced aggregates, published to Kafka. */
@SpringBootApplication
public class CommandServiceApplication {

    /** Axon's anonymous update check calls get.axoniq.io; off unless the operator switches it back on. */
    private static final String AXON_UPDATE_CHECK = "axoniq.update-checker.disabled";

    static {
        if (System.getProperty(AXON_UPDATE_CHECK) == null) {
            System.setProperty(AXON_UPDATE_CHECK, "true");
        }
    }

    public static void main(String[] args) {
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}
