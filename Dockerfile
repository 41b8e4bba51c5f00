# Production image on the official Open Liberty image (kernel-slim: only the features server.xml names).
# Build the WAR and the JDBC driver first:  ./mvnw -B package -DskipTests
# Then:  docker build -t artifact-service .
# Configuration comes from environment variables (see the README's table); nothing embedded runs here.
FROM openliberty/open-liberty:kernel-slim-java17-openj9-ubi

COPY --chown=1001:0 liberty/config/server.xml liberty/config/artifact-service.xml /config/
RUN features.sh

COPY --chown=1001:0 target/jdbc/ /config/jdbc/
COPY --chown=1001:0 target/artifact-service.war /config/dropins/artifact-service.war

# Production defaults; override at run time (-e ARTIFACTS_S3_BUCKET=... and so on).
ENV HTTP_PORT=9080 \
    HTTP_HOST=* \
    ARTIFACTS_S3_PATH_STYLE=false \
    ARTIFACTS_PRESIGN_DEFAULT_EXPIRY=3600 \
    ARTIFACTS_PRESIGN_MAX_EXPIRY=604800 \
    OTEL_SDK_DISABLED=true
# Traces: -e OTEL_SDK_DISABLED=false -e OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317 (README, Metrics and traces).
# Several replicas share one database and bucket (README, Several instances); the image's start-up script
# generates Liberty's default keystore password, which MP JWT needs.

USER 1001
EXPOSE 9080

RUN configure.sh
