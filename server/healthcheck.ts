import { probeHealth } from './health-probe';

/** `node dist/server/healthcheck.js`: exits 0 when this environment's server answers /healthz, else 1 (Docker's HEALTHCHECK). */
process.exitCode = (await probeHealth(process.env)) ? 0 : 1;
