/**
 * Runs `body`, then every step it deferred (stopping servers, dropping stores), last first,
 * whether it succeeded or not. A failing step does not keep the others from running; the
 * body's own failure is the one reported.
 */
export async function withCleanup<T>(
  body: (defer: (step: () => Promise<void>) => void) => Promise<T>,
): Promise<T> {
  const steps: Array<() => Promise<void>> = [];
  try {
    return await body((step) => steps.push(step));
  } finally {
    for (const step of steps.reverse()) {
      await step().catch((error: unknown) => console.error('cleanup failed:', error));
    }
  }
}
