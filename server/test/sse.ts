/** One server-sent event as a client sees it. */
export interface SseMessage {
  event: string;
  id?: string;
  data: string;
}

/**
 * Reads a `text/event-stream` reply as a client would: `next()` resolves with the next event (comments such as
 * heartbeats are collected in `comments`), `ended` once the server closed the stream.
 */
export function eventReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseMessage[] = [];
  const comments: string[] = [];
  let buffer = '';
  let done = false;
  const waiting: { wake?: () => void } = {};

  const pump = (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message: SseMessage = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('event: ')) message.event = line.slice(7);
          else if (line.startsWith('id: ')) message.id = line.slice(4);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (data.length > 0) events.push({ ...message, data: data.join('\n') });
      }
      waiting.wake?.();
    }
    done = true;
    waiting.wake?.();
  })();

  async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      if (done) throw new Error(`stream ended before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiting.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    comments,
    /** The next event not yet taken. */
    next: (timeoutMs = 5_000) => waitFor(() => events.shift(), 'event', timeoutMs),
    /** Resolves when the server has closed the stream. */
    ended: (timeoutMs = 5_000) => waitFor(() => (done ? true : undefined), 'end of stream', timeoutMs),
    /** Events received and not taken, without waiting. */
    pending: () => [...events],
    close: async () => {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}
