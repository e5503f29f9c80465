import { createTestApp, TestApp } from './helpers/app';
import { createJob, createTenant, TestTenant } from './helpers/factories';
import { json, startStubServer, StubServer } from './helpers/stub-server';

const llmAnswer = (n: number) => ({
  candidates: [
    {
      content: {
        parts: [{ text: JSON.stringify(Array.from({ length: n }, (_, i) => ({ category: i === 0 ? 'role' : 'technical', text: `LLM question ${i + 1}?` }))) }],
      },
    },
  ],
});

/** GEMINI_API_KEY set: questions come from the model (a local stand-in here), with the deterministic set as fallback. */
describe('LLM-written question sets', () => {
  let gemini: StubServer;
  let t: TestApp;
  let acme: TestTenant;

  beforeAll(async () => {
    gemini = await startStubServer();
    t = await createTestApp({ GEMINI_API_KEY: 'gemini-test-key', GEMINI_BASE_URL: gemini.url, GEMINI_TIMEOUT_MS: '500' });
    acme = await createTenant(t.http, 'Acme');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await gemini?.close();
  });

  it('uses the model and keeps its set until the job changes', async () => {
    gemini.handle((_req, res) => json(res, 200, llmAnswer(7)));
    const job = await createJob(t.http, acme.admin, { title: 'ML Engineer' });
    const first = await t.http.get(`/api/v1/jobs/${job.id}/questions`).set(acme.admin.auth).expect(200);
    expect(first.body.source).toBe('llm');
    expect(first.body.questions).toHaveLength(7);
    expect(first.body.questions[0]).toEqual({ id: 'q1', category: 'role', text: 'LLM question 1?' });
    const calls = gemini.requests.length;
    expect(gemini.requests[calls - 1].headers['x-goog-api-key']).toBe('gemini-test-key');
    expect(gemini.requests[calls - 1].body).toContain('ML Engineer');

    const again = await t.http.get(`/api/v1/jobs/${job.id}/questions`).set(acme.admin.auth).expect(200);
    expect(again.body).toEqual(first.body);
    expect(gemini.requests.length).toBe(calls);

    await t.http.patch(`/api/v1/jobs/${job.id}`).set(acme.admin.auth).send({ description: 'New scope' }).expect(200);
    await t.http.get(`/api/v1/jobs/${job.id}/questions`).set(acme.admin.auth).expect(200);
    expect(gemini.requests.length).toBe(calls + 1);
  });

  it('falls back to the deterministic set when the model fails, times out or answers badly', async () => {
    const job = await createJob(t.http, acme.admin, { title: 'Site Reliability Engineer', skills: ['Linux'] });
    const failures: Array<(res: import('node:http').ServerResponse) => void> = [
      (res) => json(res, 503, { error: 'overloaded' }),
      (res) => json(res, 200, llmAnswer(3)),
      (res) => json(res, 200, { candidates: [{ content: { parts: [{ text: 'not json' }] } }] }),
      () => undefined, // never answers: the 500 ms timeout applies
    ];
    for (const fail of failures) {
      gemini.handle((_req, res) => fail(res));
      const res = await t.http.get(`/api/v1/jobs/${job.id}/questions`).set(acme.admin.auth).expect(200);
      expect(res.body.source).toBe('deterministic');
      expect(res.body.questions.map((q: { text: string }) => q.text).join(' ')).toContain('Site Reliability Engineer');
    }
    // The fallback is not stored: once the model recovers, it is used.
    gemini.handle((_req, res) => json(res, 200, llmAnswer(6)));
    const recovered = await t.http.get(`/api/v1/jobs/${job.id}/questions`).set(acme.admin.auth).expect(200);
    expect(recovered.body.source).toBe('llm');
  });
});
