import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { discardLogOutput } from './logger';

export const REPO_ROOT = join(__dirname, '..');

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** The first JSON log line matching `ready` (e.g. the one carrying the listening port). */
  ready: Promise<Record<string, unknown>>;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * True when this code runs compiled to JavaScript (`npm run build`, then `npm run start:prod` from dist/): children
 * are then started from their compiled entries, without the TypeScript loader (a development dependency).
 */
export const RUNNING_COMPILED = __filename.endsWith('.js');

function nodeArgumentsFor(entry: string, nodeFlags: readonly string[]): string[] {
  const profile = process.env.JJJ_CPU_PROFILE_DIR && entry.includes(process.env.JJJ_CPU_PROFILE_ENTRY ?? '') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.JJJ_CPU_PROFILE_DIR}`] : [];
  const extraFlags = process.env.JJJ_NODE_FLAGS && entry.includes(process.env.JJJ_CPU_PROFILE_ENTRY ?? '') ? process.env.JJJ_NODE_FLAGS.split(/\s+/).filter(Boolean) : [];
  return [...nodeFlags, ...profile, ...extraFlags, ...(RUNNING_COMPILED ? [entry.replace(/\.ts$/, '.js')] : ['-r', '@swc-node/register', entry])];
}

/**
 * Starts a TypeScript entry point as a child process (`node -r @swc-node/register`), forwarding its structured
 * logs, and resolves `ready` when it logs the message that says it is serving.
 */
export function startTsProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  options: {
    readyMessage: string;
    forwardOutput?: (line: string) => void;
    startTimeoutMs?: number;
    /** Node/V8 flags before the entry (many V8 flags are refused in NODE_OPTIONS). */
    nodeFlags?: readonly string[];
  },
): ManagedProcess {
  const child = spawn(process.execPath, nodeArgumentsFor(entry, options.nodeFlags ?? []), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    // The IPC channel lets a child notice its parent's death and stop itself (see stopWithParent).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not become ready within ${options.startTimeoutMs ?? 60_000} ms`)), options.startTimeoutMs ?? 60_000);
    const onLine = (line: string) => {
      options.forwardOutput?.(line);
      if (!line.includes(options.readyMessage)) return;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.msg === options.readyMessage) {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        // not a JSON log line
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    let lastErrorLine = '';
    createInterface({ input: child.stderr! }).on('line', (line) => {
      options.forwardOutput?.(line);
      if (line.trim()) lastErrorLine = line;
      if (line.includes('failed to start')) {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start: ${line}`));
      }
    });
    // 'close' comes after the output streams have ended, so the reason the process gave is known by then.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready${lastErrorLine ? `: ${lastErrorLine}` : ''}`));
    });
  });
  ready.catch(() => undefined);
  return {
    name,
    child,
    ready,
    exited: exitPromise,
    kill: (signal = 'SIGKILL') => {
      if (!exited) child.kill(signal);
    },
    stop: async (graceMs = 10_000) => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/** In a child started by startTsProcess, while it is still starting: exit at once if the parent goes away. */
export function exitWithParent(): void {
  if (process.send) process.once('disconnect', () => {
    discardLogOutput();
    process.exit(1);
  });
}

/** In a child started by startTsProcess, once it serves: run `stop` when the parent goes away (the IPC channel closes). */
export function stopWithParent(stop: (reason: string) => void): void {
  if (!process.send) return;
  process.removeAllListeners('disconnect');
  process.once('disconnect', () => stop('parent process exited'));
}
