# One image recipe for every Portway service, built from the Maven build's executable jar:
#   ./mvnw -DskipTests package
#   docker build --build-arg MODULE=port-command-service -t portway/port-command-service .
# (docker compose does this for each service; see docker-compose.yml).
# The jar is split into Spring Boot's layers so that a code change rebuilds only the last, small layer.
# Configure a container with the PORTWAY_… variables (README, Configuration): PORTWAY_HTTP_PORT, PORTWAY_DB_URL,
# PORTWAY_DB_USER, PORTWAY_DB_PASSWORD, PORTWAY_KAFKA_BOOTSTRAP_SERVERS, …
FROM eclipse-temurin:17.0.15_6-jre-jammy AS layers
ARG MODULE
WORKDIR /build
COPY ${MODULE}/target/${MODULE}-*-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17.0.15_6-jre-jammy
ARG MODULE
ENV PORTWAY_SERVICE=${MODULE}
RUN useradd --system --uid 10001 portway
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER portway
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
