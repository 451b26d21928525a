package io.portway.testsupport;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether Testcontainers can reach a Docker engine, without paying for the search when there is clearly none. */
final class DockerDetection {

    private DockerDetection() {
    }

    static boolean dockerAvailable() {
        if (!anyHintOfDocker()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A socket, DOCKER_HOST, or a Testcontainers configuration: otherwise the full detection is skipped. */
    private static boolean anyHintOfDocker() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        return Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"))
                || Files.exists(Path.of("/run/user/" + uid() + "/docker.sock"))
                || Files.exists(Path.of("/run/user/" + uid() + "/podman/podman.sock"));
    }

    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of(System.getProperty("user.home")), "unix:uid"));
        } catch (Exception e) {
            return "0";
        }
    }
}
