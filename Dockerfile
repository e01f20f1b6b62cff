# The image the Helm chart runs: equalsay-server, the equalsay command and
# the web client on Debian bookworm, built with the same packages as
# scripts/, run as a non-root user with nothing to write but /tmp.
#   docker build -t equalsay:0.1.0 .
#
# Base images by digest: the tags below are only defaults. For a build you
# can repeat, pin each to the digest of the image you checked:
#   docker pull debian:bookworm-slim
#   docker inspect --format '{{index .RepoDigests 0}}' debian:bookworm-slim
#   docker build --build-arg DEBIAN=debian:bookworm@sha256:<digest> \
#     --build-arg DEBIAN_SLIM=debian:bookworm-slim@sha256:<digest> .
# (This repository is built where Docker Hub cannot be reached, so no
# digest was checked in: one that was not looked up would be worse than
# none.)
ARG DEBIAN=debian:bookworm
ARG DEBIAN_SLIM=debian:bookworm-slim

# The server and the command.
FROM ${DEBIAN} AS build
WORKDIR /src
COPY scripts/lib.sh scripts/lib.sh
RUN bash -c 'source scripts/lib.sh && eq_install_packages "${EQ_APT_BUILD_PACKAGES[@]}"'
COPY CMakeLists.txt ./
COPY cmake cmake
COPY proto proto
COPY db db
COPY services services
COPY clients/cli clients/cli
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DEQUALSAY_BUILD_TESTS=OFF \
 && cmake --build /build -j "$(nproc)" --target equalsay-server equalsay \
 && strip /build/bin/equalsay-server /build/bin/equalsay

# The web client, with Debian's Node and protoc (as scripts/ build it); the
# npm packages come pinned by package-lock.json.
FROM ${DEBIAN} AS web
WORKDIR /src
COPY scripts/lib.sh scripts/lib.sh
RUN bash -c 'source scripts/lib.sh && eq_install_packages npm protobuf-compiler'
COPY clients/web/package.json clients/web/package-lock.json clients/web/
RUN cd clients/web && npm ci --no-audit --no-fund --loglevel=error
COPY proto proto
COPY clients/web clients/web
RUN cd clients/web && node scripts/build.mjs

FROM ${DEBIAN_SLIM}
# The shared libraries the two binaries link against (a test checks this
# list against ldd of the built binaries).
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates libgrpc++1.51 libprotobuf32 libpqxx-6.4 libpq5 \
      libabsl20220623 libssl3 libyaml-cpp0.7 libcurl4 libjwt0 libsodium23 tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 equalsay \
 && useradd --system --uid 10001 --gid equalsay --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin equalsay
COPY --from=build /build/bin/equalsay-server /build/bin/equalsay /usr/local/bin/
COPY --from=web /src/clients/web/dist /usr/share/equalsay/web
USER 10001:10001
ENV EQUALSAY_GRPC_ADDR=0.0.0.0:50051 \
    EQUALSAY_HTTP_ADDR=0.0.0.0:8080 \
    EQUALSAY_WEB_ROOT=/usr/share/equalsay/web \
    EQUALSAY_LOG_FORMAT=json
EXPOSE 50051 8080
# Serving means the database answers (grpc.health.v1). With TLS on, give
# the check --tls and --ca-cert, or rely on the orchestrator's own probes.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/equalsay", "--server", "127.0.0.1:50051", "status"]
ENTRYPOINT ["/usr/local/bin/equalsay-server"]
