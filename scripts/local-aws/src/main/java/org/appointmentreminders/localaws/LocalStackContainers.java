package org.appointmentreminders.localaws;

import java.net.URI;
import java.util.Arrays;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack through Testcontainers' LocalStack module: a thin way to obtain the same endpoints as the host-mode
 * runtime, where a Docker engine is. Kept apart so that nothing else loads Testcontainers' classes.
 */
final class LocalStackContainers {
    private LocalStackContainers() {
    }

    /** Whether Testcontainers finds a Docker engine it can use (socket, DOCKER_HOST or its own configuration). */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** Starts LocalStack's image of {@code version} with {@code services} (comma-separated) and waits until ready. */
    static Started start(String version, String services) {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse("localstack/localstack:" + version))
                .withServices(Arrays.stream(services.split(",")).map(EnabledService::named)
                        .toArray(EnabledService[]::new));
        container.start();
        return new Started(container, container.getEndpoint());
    }

    /** A running container and where it answers; closing stops it (Testcontainers' reaper does if this JVM dies). */
    record Started(LocalStackContainer container, URI endpoint) implements AutoCloseable {
        @Override
        public void close() {
            container.stop();
        }
    }
}
