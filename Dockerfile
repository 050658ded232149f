# syntax=docker/dockerfile:1
# Production image of ESIA Link Gateway. Three stages: build (all dependencies, tsc), runtime dependencies
# only, and a slim Debian runtime with openssl's GOST engine for ESIA's client_secret signatures.
# Every stage is on Node.js 24 LTS (docs/decisions/0010-node-24-runtime.md); CI tests on the same major.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# patches/: npm ci's postinstall applies them to two dependencies (patch-package; README "Patched dependencies").
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends libengine-gost-openssl \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    OPENSSL_CONF=/app/config/openssl-gost.cnf
COPY --from=prod-deps /app/node_modules ./node_modules
# Only what production runs: no compiled emulators (dist/emulators), no development keys (config/dev-keys),
# no demo vendor keys (config/demo-vendor-credentials.json), no demo diary instances (config/instances.json:
# the deployment mounts its own). test/unit/deployment-files.test.ts keeps it so.
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/adapters ./dist/adapters
COPY --from=build /app/dist/migrations ./dist/migrations
COPY package.json ./
COPY config/openssl-gost.cnf config/tenants.json ./config/
COPY public ./public
COPY docs/diary-api.openapi.json ./docs/
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
