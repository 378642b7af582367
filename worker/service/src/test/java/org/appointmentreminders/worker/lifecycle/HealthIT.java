package org.appointmentreminders.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.appointmentreminders.localaws.AwsEndpoints;
import org.appointmentreminders.localaws.LocalAwsExtension;
import org.appointmentreminders.localaws.ProvisionedStack;
import org.appointmentreminders.worker.testing.WorkerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class HealthIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void livenessAndReadinessAnswerWhileTheWorkerRunsAndStopWithIt(AwsEndpoints endpoints, ProvisionedStack stack)
            throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        WorkerFixture worker = WorkerFixture.start(endpoints, stack, Map.of("health.port", port));
        try {
            assertThat(get(port, "/health/live")).isEqualTo(200);
            assertThat(get(port, "/health/ready")).isEqualTo(200);
        } finally {
            worker.close();
        }
        assertThat(worker.worker().isReady()).isFalse();
        assertThatThrownBy(() -> get(port, "/health/live")).isInstanceOf(IOException.class);
    }

    private int get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
        }
        return response.statusCode();
    }
}
