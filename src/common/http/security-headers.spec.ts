import helmet from 'helmet';
import type { Request, Response } from 'express';
import { securityHeaders } from './security-headers';

function record(middleware: (req: Request, res: Response, next: () => void) => void): { set: Record<string, string>; removed: string[]; nexted: boolean } {
  const out = { set: {} as Record<string, string>, removed: [] as string[], nexted: false };
  const res = { setHeader: (k: string, v: unknown) => (out.set[k] = String(v)), removeHeader: (k: string) => out.removed.push(k) };
  middleware({} as Request, res as unknown as Response, () => (out.nexted = true));
  return out;
}

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets, and removes what it removes', () => {
    const ours = record(securityHeaders());
    const theirs = record(helmet());
    expect(ours).toEqual(theirs);
    expect(ours.set['Content-Security-Policy']).toContain("default-src 'self'");
    expect(ours.removed).toContain('X-Powered-By');
    expect(ours.nexted).toBe(true);
  });
});
