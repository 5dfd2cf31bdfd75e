# syntax=docker/dockerfile:1
# The Sealroom server (token service, LiveKit-compatible SFU, web app) as an image. Two stages: the first builds with
# the whole toolchain, the second holds only the packed server and its runtime packages, and runs as `node`.
#   docker build -t sealroom-server .
#   docker run -p 7880:7880 -p 50000-50099:50000-50099/udp \
#     -e SEALROOM_EXTERNAL_IP=203.0.113.10 -e SEALROOM_UDP_PORTS=50000-50099 sealroom-server
# Everything is configured by environment variables (docs/deploy.md); the health check reads the same ones.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
# No Electron binary and no Playwright browsers: the image builds the web app and the server, nothing desktop.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && node scripts/pack-server.mjs /out

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SEALROOM_HOST=0.0.0.0 \
    SEALROOM_PORT=7880
WORKDIR /app
COPY --from=build /out/package.json /out/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /out/dist ./dist
USER node
EXPOSE 7880/tcp
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "dist/server/healthcheck.js"]
ENTRYPOINT ["node", "--enable-source-maps", "dist/server/cli.js"]
