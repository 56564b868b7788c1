import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A Linux schedstat file (/proc/PID/schedstat, or a thread's under task/) kept open and read from its start into
 * one buffer: for readers that poll it every few milliseconds. `readFileSync` would allocate a fresh buffer outside
 * the heap each time (a /proc file has no size), about 2 MB a second at such rates, which V8 counts as external
 * memory and answers with a full collection every ten seconds or so: at a million documents, each one marks
 * gigabytes.
 */
export class SchedstatFile {
  private readonly buffer = Buffer.alloc(128);

  private constructor(private readonly fd: number) {}

  /** The file opened, or null where it cannot be (not Linux, or the process or thread is gone). */
  static open(path: string): SchedstatFile | null {
    try {
      return new SchedstatFile(openSync(path, 'r'));
    } catch {
      return null;
    }
  }

  /** [nanoseconds on a CPU, nanoseconds waiting in the run queue] so far; undefined when it cannot be read. */
  read(): [number, number] | undefined {
    try {
      const length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const [onCpu, waiting] = this.buffer.toString('latin1', 0, length).split(' ');
      return [Number(onCpu), Number(waiting)];
    } catch {
      return undefined;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
