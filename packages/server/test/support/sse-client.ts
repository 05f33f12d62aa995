export interface SseMessage {
  id: string | null;
  event: string | null;
  data: string;
}

/** A small Server-Sent Events reader over fetch, for tests and benchmarks. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];
  readonly ready: Promise<void>;
  /** Resolves when the server ends the stream (or it is closed here). */
  readonly ended: Promise<void>;
  private end: () => void = () => undefined;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ended = new Promise((resolve) => (this.end = resolve));
    this.ready = this.run(url, headers);
  }

  private async run(url: string, headers: Record<string, string>): Promise<void> {
    const response = await fetch(url, { headers, signal: this.controller.signal });
    if (!response.ok || !response.body) throw new Error(`SSE ${response.status}: ${await response.text()}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const pump = async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const message: SseMessage = { id: null, event: null, data: '' };
            let hasData = false;
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) message.id = line.slice(4);
              else if (line.startsWith('event: ')) message.event = line.slice(7);
              else if (line.startsWith('data: ')) {
                message.data += line.slice(6);
                hasData = true;
              }
            }
            if (hasData) {
              this.messages.push(message);
              for (const wake of this.waiters.splice(0)) wake();
            }
          }
        }
      } catch {
        // aborted
      } finally {
        this.end();
      }
    };
    void pump();
  }

  /**
   * Waits until the messages received satisfy `predicate`. The default deadline is generous: a
   * loaded CI machine can take seconds to publish and deliver an event, and the wait returns as soon
   * as the messages are there, so a long bound costs nothing when all is well.
   */
  async waitFor(predicate: (messages: SseMessage[]) => boolean, timeoutMs = 20_000): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SSE wait timed out; got ${this.messages.length} message(s): ${this.messages.map((m) => m.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages;
  }

  close() {
    this.controller.abort();
  }
}
