import { Injectable, Logger } from '@nestjs/common';

export type CompletedListener = (tenantId: number, interviewId: number) => Promise<void>;

/**
 * In-process notification that an interview completed. Listeners run after the response, so the
 * candidate never waits for them (the analysis is the main one).
 */
@Injectable()
export class InterviewEvents {
  private readonly logger = new Logger('InterviewEvents');
  private readonly listeners: CompletedListener[] = [];

  onCompleted(listener: CompletedListener): void {
    this.listeners.push(listener);
  }

  completed(tenantId: number, interviewId: number): void {
    for (const listener of this.listeners) {
      setImmediate(() => {
        listener(tenantId, interviewId).catch((e: unknown) =>
          this.logger.error({ err: e, tenant_id: tenantId, interview_id: interviewId }, 'interview-completed listener failed'),
        );
      });
    }
  }
}
