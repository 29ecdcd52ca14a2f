# One image for every Raqib process; docker-compose.yml picks the command. Production runs the compiled
# JavaScript under plain node (no TypeScript loader, whose signal relay turned a clean SIGTERM exit into 143).

# --- build: compile TypeScript to dist/ (needs the dev dependencies) ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- run ---
FROM node:20-bookworm-slim
# Debian's Chromium renders JavaScript-built listing pages (feeds with render: true)
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
# what the processes read at run time: the compiled code (with its migrations and web assets) and config/
COPY --from=build /app/dist ./dist
COPY config ./config

# Translation models are fetched at build time so a deployed worker starts offline:
#   docker compose build --build-arg FETCH_MODELS=1
ARG FETCH_MODELS=0
ENV RAQIB_MODELS_DIR=/app/models \
    RAQIB_CHROMIUM=/usr/bin/chromium \
    RAQIB_WEB_HOST=0.0.0.0 \
    NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
RUN if [ "$FETCH_MODELS" = "1" ]; then node dist/scripts/raqib.js models fetch && node dist/scripts/raqib.js models check; fi

USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/scripts/raqib.js", "start"]
