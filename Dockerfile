# syntax=docker/dockerfile:1
#
# A Capstan fleet worker: `capstan worker --queue $CAPSTAN_QUEUE`, nothing else.
# It runs shards of fleet jobs (docs/fleet.md) and needs no Electron, no display and no
# credentials in the image: the queue URL comes from the environment (a secret in ECS or
# Kubernetes), AWS credentials from the task role / pod identity (docs/fleet-deploy.md).
#
#   docker build -t capstan-worker .
#   docker run --rm -e CAPSTAN_QUEUE=rediss://USER:PASSWORD@HOST:6379 capstan-worker

# Build stage: every dependency (the bundler is a dev dependency), then the Node bundles.
FROM node:20-slim AS build
# The electron package is a dev dependency of the desktop app; its binary is never used here.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied, and no dependency
# needs an install script here (native modules ship prebuilt binaries).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx electron-vite build

# Run stage: production dependencies and the main-process bundles (CLI and worker threads).
FROM node:20-slim
ENV NODE_ENV=production \
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/out/main ./out/main
# The image's own unprivileged user (uid 1000); the worker writes nothing but its temp files.
USER node
# A shell only to read the variable; `exec` makes node PID 1's child-free replacement, so
# SIGTERM from `docker stop`, ECS or Kubernetes reaches the worker, which then hands its
# shards back at their last checkpoint.
CMD ["sh", "-c", "exec node out/main/cli.js worker --queue \"$CAPSTAN_QUEUE\""]
