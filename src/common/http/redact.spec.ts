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

describe('redactUrl on hostile spellings', () => {
  const token = 'Qm9vbS1ib29tLXRoaXMtaXMtYS10b2tlbi0xMjM0NTY3';

  it('ignores case and percent-encoding tricks', () => {
    expect(redactUrl(`/api/v1/PUBLIC/interviews/${token}/start`)).toBe('/api/v1/PUBLIC/interviews/[redacted]/start');
    expect(redactUrl(`/API/V1/Public/Interviews/${token}`)).toBe('/API/V1/Public/Interviews/[redacted]');
    expect(redactUrl(`/api/v1/%70ublic/interviews/${token}`)).toBe('/api/v1/%70ublic/interviews/[redacted]');
    expect(redactUrl(`/api/v1/tokens/verify?TOKEN=${token}`)).toBe('/api/v1/tokens/verify?TOKEN=[redacted]');
    expect(redactUrl(`/DEV-UPLOAD/1/2/x.webm?Signature=abc`)).toBe('/DEV-UPLOAD/1/2/x.webm?[redacted]');
  });

  it('masks a token-like segment anywhere, but keeps ids and media keys readable', () => {
    expect(redactUrl(`/anything/${token}/x`)).toBe('/anything/[redacted]/x');
    expect(redactUrl('/dev-upload/12/34/0b7c2a9e-4c1f-4f7e-9a58-4d3b2f1c0e9a.webm')).toBe('/dev-upload/12/34/0b7c2a9e-4c1f-4f7e-9a58-4d3b2f1c0e9a.webm');
    expect(redactUrl('/api/v1/interviews/123456/analysis:run')).toBe('/api/v1/interviews/123456/analysis:run');
  });
});
