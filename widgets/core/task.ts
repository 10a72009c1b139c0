import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A task returns this to stay in (or go back to) the initial state, e.g. while it has no client yet. */
export const initialState: unique symbol = Symbol();

export const TaskStatus = { INITIAL: 0, PENDING: 1, COMPLETE: 2, ERROR: 3 } as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

export interface TaskConfig<A extends readonly unknown[], R> {
  args: () => A;
  task: (args: A, options: { signal: AbortSignal }) => R | typeof initialState | Promise<R | typeof initialState>;
  onError?: (error: unknown) => void;
}

/**
 * The part of `@lit/task` the widgets use, with its semantics, in a third of its bytes (D26): before each update
 * of the host, runs `task` when an item of `args` changed (`!==`), aborting a run still in flight whose result is
 * then ignored; the value stays while a new run is pending and is cleared by an error.
 */
export class Task<A extends readonly unknown[], R> implements ReactiveController {
  status: TaskStatus = TaskStatus.INITIAL;
  value?: R;
  error?: unknown;
  readonly #host: ReactiveControllerHost;
  readonly #config: TaskConfig<A, R>;
  #args?: A;
  #call = 0;
  #abort?: AbortController;
  #settle?: { promise: Promise<R>; resolve: (value: R) => void; reject: (error: unknown) => void };

  constructor(host: ReactiveControllerHost, config: TaskConfig<A, R>) {
    (this.#host = host).addController(this);
    this.#config = config;
  }

  hostUpdate(): void {
    const args = this.#config.args();
    const before = this.#args;
    this.#args = args;
    if (!before || before.length !== args.length || args.some((arg, i) => arg !== before[i])) void this.run(args);
  }

  /** Settles with the current run's value (or error), or at once when none is pending. */
  get taskComplete(): Promise<R> {
    if (this.status !== TaskStatus.PENDING) return this.status === TaskStatus.ERROR ? Promise.reject(this.error) : Promise.resolve(this.value as R);
    if (!this.#settle) {
      let resolve!: (value: R) => void, reject!: (error: unknown) => void;
      const promise = new Promise<R>((yes, no) => ((resolve = yes), (reject = no)));
      this.#settle = { promise, resolve, reject };
    }
    return this.#settle.promise;
  }

  async run(args: A = this.#config.args()): Promise<void> {
    this.#args = args;
    if (this.status === TaskStatus.PENDING) this.#abort?.abort();
    else this.#settle = undefined;
    this.status = TaskStatus.PENDING;
    this.#host.requestUpdate();
    const call = ++this.#call;
    this.#abort = new AbortController();
    let result: R | typeof initialState | undefined;
    let failure: unknown;
    let failed = false;
    try {
      result = await this.#config.task(args, { signal: this.#abort.signal });
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (call !== this.#call) return;
    if (result === initialState) this.status = TaskStatus.INITIAL;
    else {
      if (failed) {
        try {
          this.#config.onError?.(failure);
        } catch {
          // a failing listener must not leave the task pending
        }
        this.#settle?.reject(failure);
      } else this.#settle?.resolve(result as R);
      this.status = failed ? TaskStatus.ERROR : TaskStatus.COMPLETE;
      this.value = result;
      this.error = failure;
    }
    this.#host.requestUpdate();
  }

  render<T>(views: { initial?: () => T; pending?: () => T; complete?: (value: R) => T; error?: (error: unknown) => T }): T | undefined {
    const { status } = this;
    return status === TaskStatus.INITIAL ? views.initial?.() : status === TaskStatus.PENDING ? views.pending?.() : status === TaskStatus.COMPLETE ? views.complete?.(this.value as R) : views.error?.(this.error);
  }
}
