import { contractProblem } from './helpers/contract';

/** The response check that every e2e request goes through: it must refuse what the document does not say. */
describe('OpenAPI response check', () => {
  const json = (status: number, body: unknown) => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    text: JSON.stringify(body),
  });
  const job = { id: 3, title: 'Backend Engineer', description: '', location: null, skills: ['Go'], is_active: true, created_at: '2026-12-01T10:00:00.000Z', updated_at: '2026-12-01T10:00:00.000Z' };
  const envelope = (code: string, details?: unknown) => ({ error: { code, message: 'm', request_id: 'r', ...(details === undefined ? {} : { details }) } });

  it('accepts documented answers', () => {
    expect(contractProblem('GET', 'http://127.0.0.1:1/api/v1/jobs/3', json(200, job))).toBeUndefined();
    expect(contractProblem('GET', '/api/v1/jobs/3/', json(200, job))).toBeUndefined();
    expect(contractProblem('GET', '/api/v1/jobs?page=2', json(200, [job]))).toBeUndefined();
    expect(contractProblem('POST', '/api/v1/jobs', json(400, envelope('VALIDATION_ERROR', [{ field: 'title', messages: ['title must be a string'] }])))).toBeUndefined();
    expect(contractProblem('POST', '/api/v1/interviews', json(409, envelope('CONFLICT', { interview_id: 4 })))).toBeUndefined();
    expect(contractProblem('DELETE', '/api/v1/jobs/3', { status: 204, headers: {}, body: {}, text: '' })).toBeUndefined();
    expect(contractProblem('GET', '/api/v1/nothing-here', json(404, envelope('NOT_FOUND')))).toBeUndefined();
    expect(contractProblem('GET', '/dev-upload/3/7/a.webm', { status: 200, headers: { 'content-type': 'audio/webm' }, body: {}, text: '' })).toBeUndefined();
  });

  it('refuses a field the schema does not name, a missing one, and a wrong type', () => {
    expect(contractProblem('GET', '/api/v1/jobs/3', json(200, { ...job, tenant_id: 1 }))).toMatch(/must NOT have additional properties \(tenant_id\)/);
    const { title: _title, ...untitled } = job;
    expect(contractProblem('GET', '/api/v1/jobs/3', json(200, untitled))).toMatch(/must have required property 'title'/);
    expect(contractProblem('GET', '/api/v1/jobs/3', json(200, { ...job, id: 3.5 }))).toMatch(/\/id must be integer/);
    expect(contractProblem('GET', '/api/v1/jobs/3', json(200, { ...job, location: 7 }))).toMatch(/\/location/);
    expect(contractProblem('POST', '/api/v1/jobs', json(400, envelope('VALIDATION_ERROR', 'bad')))).toMatch(/details/);
  });

  it('refuses an undocumented status, content type or route', () => {
    expect(contractProblem('GET', '/api/v1/jobs/3', json(418, envelope('TEAPOT')))).toMatch(/status not documented/);
    expect(contractProblem('GET', '/api/v1/jobs/3', { status: 200, headers: { 'content-type': 'text/html' }, body: {}, text: '<p>' })).toMatch(/content type text\/html not documented/);
    expect(contractProblem('GET', '/api/v1/jobs/3/candidates/export', json(200, []))).toMatch(/content type application\/json not documented/);
    expect(contractProblem('POST', '/api/v1/auth/me', json(200, {}))).toMatch(/no documented operation/);
    expect(contractProblem('GET', '/api/v1/nothing-here', { status: 404, headers: { 'content-type': 'text/html' }, body: {}, text: 'Cannot GET' })).toMatch(/no documented operation/);
  });
});
