import { ExpressAdapter } from '@nestjs/platform-express';

/**
 * The Express adapter, with a drain in `beforeClose`: app.close() awaits it before any shutdown hook
 * runs (NestJS 12: beforeClose → onModuleDestroy → beforeApplicationShutdown → server close →
 * onApplicationShutdown), so requests in flight finish while every provider they use is still there,
 * and their access-log rows are in the buffer before it is written.
 */
export class DrainingExpressAdapter extends ExpressAdapter {
  private drain?: () => Promise<void>;

  /** Set once the application exists: the drain belongs to one of its providers (AppLifecycle). */
  drainWith(drain: () => Promise<void>): void {
    this.drain = drain;
  }

  override async beforeClose(): Promise<void> {
    super.beforeClose();
    await this.drain?.();
  }
}
