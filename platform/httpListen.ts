import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/** Listens on `port` (0: any free one) and resolves with the port taken; a busy port rejects. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting, drops idle and open connections, and resolves once the server is closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * A port free on `host` right now, for servers that must know each other's ports before they start (the regions
 * follow each other's event streams). Chosen below the kernel's ephemeral range: a port the kernel hands out for
 * `listen(0)` or an outgoing connection could be taken by another process before our server binds it (seen as
 * EADDRINUSE when two test stacks started at once); ports below that range only collide with another caller
 * choosing the same one at random. Falls back to an ephemeral port if none is found.
 */
export async function freePort(host: string): Promise<number> {
  const ceiling = ephemeralRangeStart() - 1;
  const floor = Math.max(MIN_CHOSEN_PORT, ceiling - CHOSEN_PORT_SPAN);
  for (let attempt = 0; attempt < 50 && ceiling > floor; attempt++) {
    const port = floor + Math.floor(Math.random() * (ceiling - floor + 1));
    if ((await listenProbe(host, port)) !== null) return port;
  }
  const any = await listenProbe(host, 0);
  if (any === null) throw new Error(`no free port on ${host}`);
  return any;
}

const MIN_CHOSEN_PORT = 10_000;
const CHOSEN_PORT_SPAN = 12_000;

/** The first port of Linux's ephemeral range (32768 by default, and elsewhere). */
function ephemeralRangeStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > MIN_CHOSEN_PORT + 1000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** Listens on `port` (0: any) and closes again: the port it got, or null when it is taken. */
function listenProbe(host: string, port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(null) : reject(error)));
    probe.listen(port, host, () => {
      const taken = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(taken));
    });
  });
}
