import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('masks candidate tokens in paths and secrets in query strings', () => {
    expect(redactUrl('/api/v1/public/interviews/abcDEF123/start')).toBe('/api/v1/public/interviews/[redacted]/start');
    expect(redactUrl('/api/v1/tokens/verify?token=secret&mark_used=false')).toBe('/api/v1/tokens/verify?token=[redacted]&mark_used=false');
    expect(redactUrl('/dev-upload/1/2/x.webm?expires=1&signature=abc')).toBe('/dev-upload/1/2/x.webm?[redacted]');
  });

  it('leaves ordinary URLs alone', () => {
    expect(redactUrl('/api/v1/jobs?page=2')).toBe('/api/v1/jobs?page=2');
  });
});
