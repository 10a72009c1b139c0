import { Task, TaskStatus, initialState } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
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

  constructor(host: ApiResourceHost, path: string) {
    this.#task = new Task(host, {
      args: () => [host.portal?.client, host.portal?.customerId, host.portal?.revision] as const,
      task: ([client], { signal }) => (client ? client.get<T>(path, { signal }) : initialState),
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

  /** Renders the current state; errors (and the end of the session) look the same in every widget. */
  render(views: { pending: () => unknown; complete: (value: T) => unknown }): unknown {
    return this.#task.render({
      initial: views.pending,
      pending: views.pending,
      complete: views.complete,
      error: (error) => renderLoadError(error, () => this.retry()),
    });
  }
}
