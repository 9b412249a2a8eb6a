/** Time in epoch milliseconds UTC, as every canonical record holds it. */

export const DAY_MS = 86_400_000;

/** A span of time, epoch ms UTC: start included, end excluded. */
export interface TimeWindow {
  start: number;
  end: number;
}
