/**
 * The region's time source. Code that decides by the time of day (the personal-data job's cutoffs, the times its
 * writes and audit entries carry) asks this instead of `new Date()`, so a test pins "now" by passing its own.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
