/**
 * Ports chosen for the regions before they start lie below the kernel's ephemeral range, so no `listen(0)` or
 * outgoing connection of another process (another test stack starting at the same time) can take one in between.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '../../platform/httpListen';

test('freePort gives distinct-enough free ports below the ephemeral range, each one a server can then listen on', async () => {
  const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  const ports = await Promise.all(Array.from({ length: 20 }, () => freePort('127.0.0.1')));
  for (const port of ports) expect(port).toBeLessThan(ephemeralStart);
  expect(new Set(ports).size).toBeGreaterThan(15);
  for (const port of new Set(ports)) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
