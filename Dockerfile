# syntax=docker/dockerfile:1
# Build a static binary, then ship it alone on a distroless base as a non-root user.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/tutord ./cmd/tutord

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tutord /tutord
# The host key lives on a volume so it survives upgrades: mount it at /keys.
VOLUME ["/keys"]
ENV TUTORD_LISTEN=:2222 TUTORD_HOST_KEY=/keys/ssh_host_ed25519_key
EXPOSE 2222
USER nonroot:nonroot
ENTRYPOINT ["/tutord"]
