// Server-Sent Events over fetch(): EventSource cannot send the Authorization header. Parses
// text/event-stream as the HTML standard says and reconnects with Last-Event-ID, so the query API
// replays what was missed.

/** Splits a text/event-stream into {type, data, id} events and retry delays. */
export class EventStreamParser {
  constructor(onEvent, onRetry = () => {}) {
    this.onEvent = onEvent;
    this.onRetry = onRetry;
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.type = '';
    this.data = [];
    this.id = undefined;
  }

  push(text) {
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\r|\n/);
    // the last piece may be half a line: keep it (a lone \r at the end is handled next time)
    this.buffer = lines.pop();
    for (const line of lines) this.line(line);
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) {
        this.onEvent({ type: this.type || 'message', data: this.data.join('\n'), id: this.id });
      }
      this.reset();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }
}

/**
 * Follows {@code url} until {@code signal} aborts: calls {@code onEvent(type, data, id)} per event
 * (data parsed as JSON) and {@code onState('open'|'retrying'|'closed', error)}; resumes after a
 * drop from the last id seen. A 401, 403 or 404 ends it: retrying would not help.
 */
export function follow(url, { headers = {}, onEvent, onState = () => {}, signal }) {
  let lastEventId;
  let retryMs = 3000;
  const run = async () => {
    while (!signal.aborted) {
      try {
        const response = await fetch(url, {
          headers: {
            Accept: 'text/event-stream',
            ...headers,
            ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
          },
          cache: 'no-store',
          signal,
        });
        if ([401, 403, 404].includes(response.status)) {
          onState('closed', new Error(`HTTP ${response.status}`));
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState('open');
        const parser = new EventStreamParser(
          (event) => {
            if (event.id !== undefined) lastEventId = event.id;
            let data = event.data;
            try { data = JSON.parse(event.data); } catch { /* not JSON: give the text */ }
            onEvent(event.type, data, event.id);
          },
          (ms) => { retryMs = ms; },
        );
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
      } catch (error) {
        if (signal.aborted) return;
        onState('retrying', error);
      }
      if (!signal.aborted) {
        onState('retrying');
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
  };
  run();
}

/** The CloudEvents types the dashboard listens for. */
export const EventTypes = Object.freeze({
  PROGRESS: 'io.callstream.progress.updated.v1',
  ANALYZED: 'io.callstream.call.analyzed.v1',
  MINDMAP: 'io.callstream.mindmap.updated.v1',
  INSIGHT: 'io.callstream.insight.detected.v1',
  METRICS: 'io.callstream.metrics.updated.v1',
  SEGMENT: 'io.callstream.transcript.segment.v1',
  SUMMARY: 'io.callstream.summary.updated.v1',
});
