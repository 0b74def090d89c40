/** "1h30m" → 5400. The profile schema has already checked the format. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let seconds = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h)/g)) {
    seconds += Number(match[1]) * (units[match[2] ?? 's'] ?? 1);
  }
  return seconds;
}
