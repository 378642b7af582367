# syntax=docker/dockerfile:1
#
# The reminder worker. Build from the repository root:
#   docker build -t appointment-reminders-worker:<version> .
# Runs as an unprivileged user; configure it with REMINDERS_* variables (see config/application.conf).

# --- build: worker/service/target/worker.jar, with its runtime dependencies in worker/service/target/lib/ ---------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY config/ config/
COPY contracts/ contracts/
COPY scripts/local-aws/ scripts/local-aws/
COPY worker/ worker/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl worker/service -am package -DskipTests

# --- runtime -----------------------------------------------------------------------------------------------------------
# The Temurin JRE image on Ubuntu; it ships curl, which the ECS container health check uses.
FROM eclipse-temurin:17-jre-noble
RUN groupadd --system --gid 10001 worker \
    && useradd --system --uid 10001 --gid worker --home-dir /app --no-create-home --shell /usr/sbin/nologin worker
WORKDIR /app
COPY --from=build /src/worker/service/target/lib/ /app/lib/
COPY --from=build /src/worker/service/target/worker.jar /app/worker.jar
COPY config/jvm.options /app/jvm.options
USER 10001:10001
# GET /health/live and /health/ready (reminders.health.port).
EXPOSE 8080
# Scratch space for the JVM; ECS mounts a task-local volume here because the root file system is read-only.
VOLUME ["/tmp"]
# No HEALTHCHECK here: ECS runs the container health check of the task definition (curl on /health/live), and local
# runs turn the endpoint off (health.port = 0 in config/local.conf).
#checkov:skip=CKV_DOCKER_2:The health check is defined in the ECS task definition; the endpoint is off in local runs.
# Exec form: java is PID 1 and receives SIGTERM itself; the worker then stops polling, settles in-flight messages
# within reminders.shutdown.grace and exits 0. The JVM options (heap, collector, JIT) are in config/jvm.options.
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/worker.jar"]
