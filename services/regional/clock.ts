import { now, type Clock } from '../../platform/clock';

export type { Clock };

/**
 * The region's time source. Code that decides by the time of day (the personal-data job's cutoffs, the times its
 * writes and audit entries carry) asks this instead of `new Date()`, so a test pins "now" by passing its own. By
 * default it is the one clock (platform/clock.ts), which `JJJ_NOW` pins.
 */
export const systemClock: Clock = now;
