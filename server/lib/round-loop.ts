/**
 * Runs `round` until `stop()`: at once again when it reports more work, else after `pollMs` or an earlier `wake()`.
 * A round that throws is reported to `onError` and counts as no work. `stop()` lets the round in progress finish.
 */
export class RoundLoop {
  #stopped = true;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get running(): boolean {
    return !this.#stopped;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#loop = (async () => {
      while (!this.#stopped) {
        let more = false;
        try {
          more = await this.round();
        } catch (error) {
          this.onError(error);
        }
        if (!more && !this.#stopped) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.pollMs);
            this.#wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        this.#wake = null;
      }
    })();
  }

  /** Ends the wait between rounds now (e.g. on an event that brings work). */
  wake(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }
}
