// What the bundled measurements share: the median of their rounds, and running `main` so that the
// process ends with the JSON line on success and a clear message (exit 1) on failure.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export function runMeasure(area: string, main: () => Promise<void>): void {
  void main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${area} bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
