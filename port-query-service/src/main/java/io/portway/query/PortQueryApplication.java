package io.portway.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The query side of Portway: read models of send ports and groups projected from their events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PortQueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(PortQueryApplication.class, args);
    }
}
