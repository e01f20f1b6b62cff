# The image the Helm chart runs: equalsay-server and the equalsay command on
# Debian bookworm, built with the same packages as scripts/, run as a
# non-root user with nothing to write but /tmp.
#   docker build -t equalsay:0.1.0 .

FROM debian:bookworm AS build
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

FROM debian:bookworm-slim
# The shared libraries the two binaries link against (found with ldd).
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      ca-certificates libgrpc++1.51 libprotobuf32 libpqxx-6.4 libpq5 \
      libabsl20220623 libssl3 libyaml-cpp0.7 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 equalsay \
 && useradd --system --uid 10001 --gid equalsay --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin equalsay
COPY --from=build /build/bin/equalsay-server /build/bin/equalsay /usr/local/bin/
USER 10001:10001
ENV EQUALSAY_GRPC_ADDR=0.0.0.0:50051 \
    EQUALSAY_HTTP_ADDR=0.0.0.0:8080
EXPOSE 50051 8080
ENTRYPOINT ["/usr/local/bin/equalsay-server"]
