// `GET /api/events/stream`: server-sent events, one `event` message per accepted event and a
// `clear` message when the store is emptied.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STREAM_HEARTBEAT_MS } from './limits.js';
import type { EventStore } from './store.js';

export function openStream(req: IncomingMessage, res: ServerResponse, store: EventStore): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  // Retry quickly after a dev-server restart; the comment makes browsers fire `open` at once.
  res.write('retry: 1000\n: connected\n\n');
  const unsubscribe = store.subscribe((change) => {
    if (change.type === 'clear') res.write('event: clear\ndata: {}\n\n');
    else
      res.write(
        `event: stored\nid: ${change.event.id.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(change.event)}\n\n`,
      );
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), STREAM_HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('close', stop);
}
