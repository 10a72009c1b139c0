import { Task, TaskStatus, initialState } from './task.js';
import { nothing, type ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from './api-client.js';
import type { PortalContext } from './context.js';
import { emit } from './events.js';
import { renderLoadError } from './load-states.js';

export interface ApiResourceHost extends ReactiveControllerHost, EventTarget {
  readonly portal: PortalContext | undefined;
}

/**
 * One API reply a widget shows. Loads when the widget has a client and reloads when the portal's client,
 * customer or revision changes; a superseded request is aborted. States: pending (also while waiting for a
 * portal), complete, and error with a retry; a failed load fires `lp-load-error`.
 */
export class ApiResource<T> {
  readonly #task: Task<readonly [ApiClient | undefined, string | undefined, number | undefined], T>;

  /** The client the last reply came from: a reload through the same one (a new revision) keeps showing it. */
  #loadedBy?: ApiClient;

  readonly #host: ApiResourceHost;

  constructor(host: ApiResourceHost, path: string) {
    this.#host = host;
    this.#task = new Task(host, {
      args: () => [host.portal?.client, host.portal?.customerId, host.portal?.revision] as const,
      task: async ([client], { signal }) => {
        if (!client) return initialState;
        const value = await client.get<T>(path, { signal });
        this.#loadedBy = client;
        return value;
      },
      onError: (error) => {
        if (error instanceof ApiError) emit(host, 'lp-load-error', { error, path });
      },
    });
  }

  /** The last reply; kept while a reload is pending. */
  get value(): T | undefined {
    return this.#task.value;
  }

  /** True while a request is in flight (the first load or a reload). */
  get pending(): boolean {
    return this.#task.status === TaskStatus.PENDING;
  }

  retry(): void {
    void this.#task.run();
  }

  /**
   * Renders the current state; errors (and the end of the session) look the same in every widget. A reload after
   * a change (a server event, another widget's write) keeps the last reply on screen instead of flashing the
   * loading state; a different customer or token shows it.
   */
  render(views: { pending: () => unknown; complete: (value: T) => unknown }): unknown {
    const value = this.#task.value;
    const same = value !== undefined && this.#loadedBy !== undefined && this.#loadedBy === this.#host.portal?.client;
    return this.#task.render({
      initial: views.pending,
      pending: () => (same ? views.complete(value) : views.pending()),
      complete: views.complete,
      error: (error) => renderLoadError(error, () => this.retry()),
    });
  }
}

/** The error view (with its retry) of the first of `resources` whose load failed, or undefined. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any reply type
export const firstFailure = (resources: ApiResource<any>[]): unknown =>
  resources.map((r) => r.render({ pending: () => nothing, complete: () => nothing })).find((view) => view !== nothing);
