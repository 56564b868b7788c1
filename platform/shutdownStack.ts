/**
 * What a server has started, to be stopped in reverse order: on shutdown, or when a later start step fails.
 * (Node 20 has no AsyncDisposableStack; this is the part of it we need.) One step's failure to stop is
 * reported and does not keep the others running.
 */
export class ShutdownStack {
  private readonly steps: Array<{ name: string; stop: () => unknown }> = [];
  private stopping?: Promise<void>;

  constructor(private readonly onError: (name: string, error: unknown) => void = () => undefined) {}

  /** Registers `stop` for something just started; returns `value` so a start step reads as one line. */
  defer<T>(name: string, value: T, stop: (value: T) => unknown): T {
    this.steps.push({ name, stop: () => stop(value) });
    return value;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.stop();
        } catch (error) {
          this.onError(step.name, error);
        }
      }
    })();
    return this.stopping;
  }
}

/** Runs `start` with a fresh stack; if it throws, everything it had started is stopped before the error goes on. */
export async function startWithStack<T>(start: (stack: ShutdownStack) => Promise<T>, onError?: (name: string, error: unknown) => void): Promise<T> {
  const stack = new ShutdownStack(onError);
  try {
    return await start(stack);
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
