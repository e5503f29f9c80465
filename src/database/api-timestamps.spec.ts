import { apiTimestamps } from './hot-reads';

describe('apiTimestamps', () => {
  const iso = (text: string) => new Date(`${text}Z`).toISOString();

  it('spells PostgreSQL JSON timestamps as Date.prototype.toISOString does, truncating to milliseconds', () => {
    for (const value of ['2026-12-06T06:33:07', '2026-12-06T06:33:07.1', '2026-12-06T06:33:07.12', '2026-12-06T06:33:07.123', '2026-12-06T06:33:07.1239', '2026-12-06T06:33:07.999999', '0999-01-01T00:00:00.000001']) {
      const out = JSON.parse(apiTimestamps(JSON.stringify([{ created_at: value }]), ['created_at'])) as Array<{ created_at: string }>;
      expect(out[0].created_at).toBe(iso(value.slice(0, 23)));
    }
  });

  it('rewrites every occurrence of each key and leaves everything else as it was', () => {
    const rows = [
      { id: 1, created_at: '2026-01-02T03:04:05.678901', name: 'a', updated_at: '2026-01-02T03:04:06' },
      { id: 2, created_at: '2026-01-02T03:04:05.5', name: 'b', updated_at: '2026-01-02T03:04:06.25' },
    ];
    const out = JSON.parse(apiTimestamps(JSON.stringify(rows), ['created_at', 'updated_at'])) as typeof rows;
    expect(out).toEqual([
      { id: 1, created_at: '2026-01-02T03:04:05.678Z', name: 'a', updated_at: '2026-01-02T03:04:06.000Z' },
      { id: 2, created_at: '2026-01-02T03:04:05.500Z', name: 'b', updated_at: '2026-01-02T03:04:06.250Z' },
    ]);
  });

  it('does not touch text that only looks like a key inside a string value (its quotes are escaped)', () => {
    const rows = [{ resume_text: 'see "created_at":"2020-01-01T00:00:00" here', created_at: '2026-01-02T03:04:05' }];
    const out = JSON.parse(apiTimestamps(JSON.stringify(rows), ['created_at'])) as typeof rows;
    expect(out).toEqual([{ resume_text: rows[0].resume_text, created_at: '2026-01-02T03:04:05.000Z' }]);
  });

  it('answers JSON without the keys unchanged', () => {
    expect(apiTimestamps('[]', ['created_at'])).toBe('[]');
    expect(apiTimestamps('[{"id":1}]', ['timestamp'])).toBe('[{"id":1}]');
  });
});
