import { QueryFailedError } from 'typeorm';
import { describeFailure } from './all-exceptions.filter';

const pgError = (code: string, message = 'x') => new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));

describe('describeFailure', () => {
  it('answers 503 UNAVAILABLE when the database or the way to it is down', () => {
    const unavailable = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006', 'connection failure'),
    ];
    for (const e of unavailable) expect([e.message, describeFailure(e).status, describeFailure(e).code]).toEqual([e.message, 503, 'UNAVAILABLE']);
  });

  it('keeps other failures as they were', () => {
    expect(describeFailure(pgError('23505')).status).toBe(409);
    expect(describeFailure(pgError('42P01', 'relation does not exist')).status).toBe(500);
    expect(describeFailure(new Error('boom')).code).toBe('INTERNAL');
    expect(describeFailure(Object.assign(new Error('no such file'), { code: 'ENOENT' })).code).toBe('INTERNAL');
  });
});
