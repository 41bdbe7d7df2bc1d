# syntax=docker/dockerfile:1
# Build a static binary, then ship it alone on a distroless base as a non-root user.
#   docker build -t tutord .
#   docker run -p 2222:2222 -v tutord-keys:/keys tutord
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# CGO off: a static binary that needs no libc in the image. -trimpath and -s -w: no build
# paths or symbols. /out/keys is created here so the image's /keys belongs to nonroot and
# a fresh named volume mounted there starts out writable for the host key.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/tutord ./cmd/tutord \
 && install -d -m 0700 /out/keys

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tutord /tutord
COPY --from=build --chown=65532:65532 /out/keys /keys
# The host key lives on a volume so it survives upgrades: mount it at /keys.
VOLUME ["/keys"]
ENV TUTORD_LISTEN=:2222 TUTORD_HOST_KEY=/keys/ssh_host_ed25519_key
# 2222: SSH for learners. 9100: metrics and health, only when TUTORD_METRICS=:9100 is set.
EXPOSE 2222 9100
USER nonroot:nonroot
ENTRYPOINT ["/tutord"]
