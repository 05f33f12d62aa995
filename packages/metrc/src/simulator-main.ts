/**
 * Runs the Metrc simulator (and, with --biotrack-port, the BioTrack one) as a process for the
 * demo and for manual poking: `tsx packages/metrc/src/simulator-main.ts --port 4100`.
 */
import { parseArgs } from 'node:util';
import { startBioTrackSimulator, BIOTRACK_DEMO } from './simulator/biotrack-simulator';
import { startMetrcSimulator } from './simulator/metrc-simulator';
import { DEMO_LICENSES, DEMO_USER_KEY, DEMO_VENDOR_KEY } from './simulator/metrc-seed';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    'biotrack-port': { type: 'string' },
    'object-limit': { type: 'string' },
    'no-rate-limits': { type: 'boolean', default: false },
    'control-token': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}

const metrc = await startMetrcSimulator({
  port,
  host: values.host,
  objectLimit: values['object-limit'] === undefined ? null : Number(values['object-limit']),
  rateLimits: values['no-rate-limits'] ? null : undefined,
  controlToken: values['control-token'],
});
// These are the simulator's own demo keys, not real credentials; printing them is the point.
console.log(`Metrc simulator listening on ${metrc.url}`);
console.log(`  vendor key ${DEMO_VENDOR_KEY}  user key ${DEMO_USER_KEY}`);
console.log(`  licences ${Object.values(DEMO_LICENSES).join(', ')}`);
console.log(`  control API ${metrc.url}/__control/ (see packages/metrc/README.md)`);

let biotrack: Awaited<ReturnType<typeof startBioTrackSimulator>> | undefined;
if (values['biotrack-port'] !== undefined) {
  biotrack = await startBioTrackSimulator({ port: Number(values['biotrack-port']), host: values.host });
  console.log(`BioTrack simulator listening on ${biotrack.url} (UBI ${BIOTRACK_DEMO.ubi}, user ${BIOTRACK_DEMO.username}, location ${BIOTRACK_DEMO.location})`);
}

const shutdown = async () => {
  await Promise.all([metrc.close(), biotrack?.close()]);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
