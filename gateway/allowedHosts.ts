import type { IncomingMessage, Server } from 'node:http';

/**
 * The `Host` names the gateway answers to (ALLOWED_HOSTS). A page of the gateway opened under a foreign name — a
 * DNS-rebinding attacker's domain that now resolves to 127.0.0.1 — would be the attacker's origin with the
 * gateway's answers; refusing every request whose Host is not listed closes that door, over HTTP and on the
 * WebSocket upgrade alike.
 *
 * An entry is `host:port` (exactly that Host header) or `host` (that name on any port, or with none, as a browser
 * sends it behind a proxy on 80/443). Names compare case-insensitively without a trailing dot; IPv6 addresses are
 * written in brackets (`[::1]:4000`). `*` switches the check off: unsafe, for a gateway only reachable behind a proxy
 * that checks the name itself.
 */
export type AllowedHostsSetting = readonly string[] | '*';

export const HOST_NOT_ALLOWED = 'HOST_NOT_ALLOWED';
/** 421 Misdirected Request: this server does not answer for that authority (RFC 9110 §15.5.20). */
export const HOST_NOT_ALLOWED_STATUS = 421;

/** Addresses that mean "every interface": not a name a client can use, so not allowed by default. */
const WILDCARD_ADDRESSES = new Set(['', '0.0.0.0', '::', '[::]', '*']);
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Paths any Host may reach: an orchestrator probes them by pod IP. They tell nothing beyond "up" and "ready". */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/health/live', '/health/ready']);

interface HostEntry {
  name: string;
  /** null: any port (or none). */
  port: string | null;
}

const HOST_SYNTAX = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/;

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** A Host header or an ALLOWED_HOSTS entry as name and port; null when it is not a host name at all. */
export function parseHost(value: string): HostEntry | null {
  const match = HOST_SYNTAX.exec(value.trim().toLowerCase());
  if (!match) return null;
  return { name: normalise(match[1]!), port: match[2] ?? null };
}

/** Parses ALLOWED_HOSTS (comma-separated); undefined when an entry is not a host. */
export function parseAllowedHosts(raw: string): AllowedHostsSetting | undefined {
  const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (entries.length === 1 && entries[0] === '*') return '*';
  if (entries.length === 0 || !entries.every((entry) => parseHost(entry) !== null)) return undefined;
  return entries;
}

/** The hosts allowed by default: the loopback names with the gateway's port, and its HOST unless that is a wildcard. */
export function defaultAllowedHosts(host: string, port: number): string[] {
  const own = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const names = WILDCARD_ADDRESSES.has(own) || LOOPBACK_NAMES.includes(own.toLowerCase()) ? LOOPBACK_NAMES : [...LOOPBACK_NAMES, own];
  return names.map((name) => `${name}:${port}`);
}

export class AllowedHosts {
  private entries: HostEntry[] | null = null;

  /** `setting` null: the default for the gateway's HOST, with the port it listens on (`listeningOn`). */
  constructor(private readonly setting: AllowedHostsSetting | null, private readonly host: string) {
    if (setting !== null) this.entries = setting === '*' ? null : setting.map((entry) => parseHost(entry)).filter((entry): entry is HostEntry => entry !== null);
  }

  /** The port the gateway listens on (known once it listens: a test gateway asks for any free port). */
  listeningOn(port: number): this {
    if (this.setting === null) this.entries = defaultAllowedHosts(this.host, port).map((entry) => parseHost(entry)!);
    return this;
  }

  /** What the gateway answers to, for its start log line. */
  get description(): string {
    if (this.setting === '*') return '* (no check)';
    return (this.entries ?? []).map((entry) => (entry.port ? `${entry.name}:${entry.port}` : entry.name)).join(',');
  }

  allows(hostHeader: string | undefined): boolean {
    if (this.setting === '*') return true;
    const host = hostHeader === undefined ? null : parseHost(hostHeader);
    if (!host || !this.entries) return false;
    return this.entries.some((entry) => entry.name === host.name && (entry.port === null || entry.port === host.port));
  }

  /** Whether `request` may be answered: an allowed Host, or a probe path (any Host). */
  allowsRequest(request: IncomingMessage, path: string): boolean {
    return PROBE_PATHS.has(path) || this.allows(request.headers.host);
  }
}

/** The JSON body of a refusal (the foreign name is quoted, cut, as JSON text). */
export function hostRefusalBody(hostHeader: string | undefined): string {
  const shown = hostHeader === undefined ? '(none)' : JSON.stringify(hostHeader.length > 100 ? `${hostHeader.slice(0, 100)}…` : hostHeader);
  return JSON.stringify({
    errors: [
      {
        message: `此网关不接受该主机名的请求（Host ${shown}）。The Host ${shown} is not one this gateway answers to; see ALLOWED_HOSTS.`,
        extensions: { code: HOST_NOT_ALLOWED },
      },
    ],
  });
}

/**
 * The host check of each gateway HTTP server, for its WebSocket upgrades (verifyUpgrade): the WebSocket server is
 * handed the HTTP server, so it finds the check through it.
 */
const SERVER_HOSTS = new WeakMap<Server, AllowedHosts>();

export function guardUpgrades(server: Server, hosts: AllowedHosts): void {
  SERVER_HOSTS.set(server, hosts);
}

/** ws's asynchronous verifyClient callback. */
export type UpgradeVerdict = (verified: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;

/**
 * Decides a WebSocket upgrade on `server`: a Host the server's check refuses gets 421 HOST_NOT_ALLOWED as JSON
 * (a server with no check registered refuses every upgrade); otherwise the origin decides (`originAllowed`;
 * refused: ws's default 401).
 */
export function verifyUpgrade(server: Server, request: IncomingMessage, done: UpgradeVerdict, originAllowed: boolean): void {
  const hosts = SERVER_HOSTS.get(server);
  if (!hosts || !hosts.allows(request.headers.host)) {
    done(false, HOST_NOT_ALLOWED_STATUS, hostRefusalBody(request.headers.host), { 'Content-Type': 'application/json' });
    return;
  }
  done(originAllowed);
}
