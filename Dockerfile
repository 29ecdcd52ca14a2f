# One image for every Raqib process; docker-compose.yml picks the command.
FROM node:20-bookworm-slim

# Debian's Chromium renders JavaScript-built listing pages (feeds with render: true)
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY . .

# Translation models are fetched at build time so a deployed worker starts offline:
#   docker compose build --build-arg FETCH_MODELS=1
ARG FETCH_MODELS=0
ENV RAQIB_MODELS_DIR=/app/models \
    RAQIB_CHROMIUM=/usr/bin/chromium \
    RAQIB_WEB_HOST=0.0.0.0 \
    NODE_ENV=production
RUN if [ "$FETCH_MODELS" = "1" ]; then npm run --silent raqib -- models fetch && npm run --silent raqib -- models check; fi

USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "run", "--silent", "raqib", "--", "start"]
