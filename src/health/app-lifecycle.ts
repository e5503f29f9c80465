import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** How often connections left idle by a finished request are closed during the drain. */
const IDLE_SWEEP_MS = 50;

const openConnections = (server: Server): Promise<number> =>
  new Promise((resolve) => server.getConnections((err, count) => resolve(err ? 0 : count)));

/**
 * Whether this instance takes traffic, and the first step of a graceful stop. `drain()` runs before
 * Nest's shutdown hooks (see DrainingExpressAdapter): readiness fails at once, the listener closes,
 * requests in flight may finish for SHUTDOWN_TIMEOUT_MS (connections they leave idle are closed), and
 * whatever is still open at the deadline is cut. Only then do the hooks write the access-log and
 * metric buffers, which by now hold the rows of every request that finished, and close the pool.
 */
@Injectable()
export class AppLifecycle {
  private readonly logger = new Logger('Shutdown');
  private draining?: Promise<void>;

  constructor(private readonly config: AppConfig) {}

  /** True from the moment a shutdown begins: /healthz/ready answers 503 so load balancers stop sending traffic. */
  get shuttingDown(): boolean {
    return this.draining !== undefined;
  }

  /** Stops the HTTP server gracefully; later calls await the same drain. */
  drain(server: Server): Promise<void> {
    this.draining ??= this.stop(server);
    return this.draining;
  }

  private async stop(server: Server): Promise<void> {
    const started = performance.now();
    const timeoutMs = this.config.SHUTDOWN_TIMEOUT_MS;
    // A request that still arrives on an open connection is answered, and its connection closed after.
    const closeAfterResponse = (_req: IncomingMessage, res: ServerResponse) => res.setHeader('Connection', 'close');
    server.prependListener('request', closeAfterResponse);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const inFlight = await openConnections(server);
    if (inFlight) this.logger.log({ connections: inFlight, timeout_ms: timeoutMs }, 'shutting down: not accepting connections; waiting for requests in flight');
    // Without this, a keep-alive connection whose request has finished stays open until its idle timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((resolve) => {
        deadline = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(deadline);
    clearInterval(sweep);
    if (timedOut) {
      const left = await openConnections(server);
      server.closeAllConnections();
      await closed;
      this.logger.warn({ connections: left, timeout_ms: timeoutMs }, `shutting down: ${left} connections still busy after ${timeoutMs} ms were closed`);
    } else if (inFlight) {
      this.logger.log({ drain_ms: Math.round(performance.now() - started) }, 'shutting down: requests in flight finished');
    }
    server.removeListener('request', closeAfterResponse);
  }
}
