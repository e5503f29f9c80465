# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# Runtime stage: production dependencies only, non-root user.
FROM node:22-bookworm-slim AS runtime
# MALLOC_TRIM_THRESHOLD_: glibc gives the free top of its heaps back to the system once it exceeds 64 KiB,
# as `npm start` has it (see README, "Memory").
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data \
    MALLOC_TRIM_THRESHOLD_=65536
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
EXPOSE 3000
# Liveness: the process answers. Not readiness (/healthz/ready): a database outage would mark every
# container unhealthy and get them all replaced, which cures nothing. Load balancers and Kubernetes
# readiness probes use /healthz/ready, which also fails while an instance drains on SIGTERM.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The V8 settings are the ones `npm start` uses (see README, "Memory"): between full collections the old
# generation grows to twice what was live, not up to four times; the young generation's semi-spaces stay
# at 8 MB; V8's background work (concurrent GC, optimizing compilation) runs on one thread, not four.
CMD ["node", "--heap-growing-percent=100", "--max-semi-space-size=8", "--v8-pool-size=1", "dist/src/main.js"]
