# The netpol-auditor image: the one jar on a JDK 25 runtime, as a non-root user with a
# read-only root filesystem in mind (only /tmp is written; deploy/ mounts it as emptyDir).
# Build the jar first:   ./mvnw -q -DskipTests package
#   (on a Mac, add -Pembedded-postgres-linux-amd64: the jar packs the embedded PostgreSQL of the
#   platform it is built on; the image needs Linux's unless it uses an external database)
# Then the image:        docker build -t netpol-auditor:0.1.0 .
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 auditor \
 && useradd --system --uid 10001 --gid auditor --no-create-home --shell /usr/sbin/nologin auditor
WORKDIR /app
COPY app/target/netpol-auditor.jar /app/netpol-auditor.jar
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/netpol-auditor.jar"]
CMD ["serve"]
