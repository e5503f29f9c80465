import { jest } from '@jest/globals';
import request from 'supertest';
import { HotReads } from '../src/database/hot-reads';
import { createInstancePair, InstancePair, TestApp } from './helpers/app';
import { createCandidate, createInterview, createJob, registerAdmin, sendLink, Session } from './helpers/factories';

/**
 * Candidate list pages and conversation pages are remembered by each process with the version of what they
 * read (an organization's candidates, an interview's messages) they were read at; a page read again is first
 * a version read, and answered from memory only if the version is the same (see HotReads.remembered). Every
 * change shows on the very next read, whichever instance made it: on PostgreSQL two instances share the
 * database here; the embedded database belongs to one process.
 */
describe('remembered list pages', () => {
  let pair: InstancePair | undefined;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    pair = await createInstancePair();
    ({ a, b } = pair);
  }, 60_000);

  afterAll(async () => {
    await pair?.close();
  });

  /** The statements of the hot reads `read` runs on `app`. */
  async function statementsOf(app: TestApp, read: () => Promise<unknown>): Promise<string[]> {
    const texts: string[] = [];
    const hot = app.app.get(HotReads);
    const original = hot.rows.bind(hot);
    const spy = jest.spyOn(hot, 'rows').mockImplementation((text, values, options) => {
      texts.push(text);
      return original(text, values, options);
    });
    try {
      await read();
    } finally {
      spy.mockRestore();
    }
    return texts;
  }

  type Answer = Awaited<ReturnType<TestApp['http']['get']>>;

  /**
   * Reads `url` twice on instance `a`: the second read is `versionRead` alone, with the same body and headers,
   * and the page's ETag answers a conditional GET (a raw request: 304 is HTTP's, not the contract's). The
   * first answer is returned.
   */
  async function expectRemembered(url: string, session: Session, versionRead: string): Promise<Answer> {
    const first = await a.http.get(url).set(session.auth).expect(200);
    let again: Answer | undefined;
    const statements = await statementsOf(a, async () => {
      again = await a.http.get(url).set(session.auth).expect(200);
    });
    expect(statements).toEqual([versionRead]);
    expect(again!.text).toBe(first.text);
    for (const header of ['content-type', 'content-length', 'etag', 'x-total-count', 'link']) expect(again!.headers[header]).toBe(first.headers[header]);
    await request(a.app.getHttpServer()).get(url).set(session.auth).set('If-None-Match', first.headers.etag).expect(304);
    return first;
  }

  const names = (body: Array<{ name: string }>) => body.map((c) => c.name);

  it('answers an unchanged page after one version read, with the same body and headers', async () => {
    const owner = await registerAdmin(a.http);
    const job = await createJob(a.http, owner);
    for (const name of ['First', 'Second', 'Third']) await createCandidate(a.http, owner, job.id, { name });
    const first = await expectRemembered('/api/v1/candidates?page=1&per_page=2', owner, 'SELECT version::text FROM candidate_list_versions WHERE tenant_id = $1');
    expect(names(first.body)).toEqual(['Third', 'Second']);
    expect(first.headers['x-total-count']).toBe('3');
    // Another page, filter or search is a page of its own.
    const other = await a.http.get('/api/v1/candidates?page=2&per_page=2').set(owner.auth).expect(200);
    expect(names(other.body)).toEqual(['First']);
    const searched = await a.http.get('/api/v1/candidates?q=second').set(owner.auth).expect(200);
    expect(names(searched.body)).toEqual(['Second']);
  });

  it('every change to a candidate shows on the next read, through either instance', async () => {
    const owner = await registerAdmin(a.http);
    const job = await createJob(a.http, owner);
    const url = `/api/v1/jobs/${job.id}/candidates`;
    const read = async (app: TestApp) => {
      const res = await app.http.get(url).set(owner.auth).expect(200);
      return { names: names(res.body), total: res.headers['x-total-count'], statuses: (res.body as Array<{ status: string }>).map((c) => c.status) };
    };
    expect(await read(b)).toEqual({ names: [], total: '0', statuses: [] });
    // Created on one instance, read on the other (which remembers the empty page).
    const ada = await createCandidate(a.http, owner, job.id, { name: 'Ada' });
    expect(await read(b)).toEqual({ names: ['Ada'], total: '1', statuses: ['new'] });
    expect(await read(a)).toEqual({ names: ['Ada'], total: '1', statuses: ['new'] });
    // Edited.
    await b.http.patch(`/api/v1/candidates/${ada.id}`).set(owner.auth).send({ name: 'Ada Lovelace' }).expect(200);
    expect((await read(a)).names).toEqual(['Ada Lovelace']);
    // Its status moved by an invitation.
    await sendLink(a.http, owner, ada.id);
    expect((await read(b)).statuses).toEqual(['invited']);
    expect((await read(a)).statuses).toEqual(['invited']);
    // Bulk-uploaded.
    await b.http
      .post(`${url}/bulk-upload`)
      .set(owner.auth)
      .attach('files', Buffer.from('name,email\nGrace,grace@example.com\nAlan,alan@example.com\n'), 'people.csv')
      .expect(200);
    expect(await read(a)).toMatchObject({ names: ['Alan', 'Grace', 'Ada Lovelace'], total: '3' });
    // Deleted.
    await a.http.delete(`/api/v1/candidates/${ada.id}`).set(owner.auth).expect(204);
    expect(await read(b)).toMatchObject({ names: ['Alan', 'Grace'], total: '2' });
    // Erased with their job: the organization-wide list, remembered on both, is empty next.
    for (const app of [a, b]) expect(names((await app.http.get('/api/v1/candidates').set(owner.auth).expect(200)).body)).toEqual(['Alan', 'Grace']);
    await b.http.delete(`/api/v1/jobs/${job.id}`).set(owner.auth).expect(204);
    for (const app of [a, b]) {
      const res = await app.http.get('/api/v1/candidates').set(owner.auth).expect(200);
      expect(res.body).toEqual([]);
      expect(res.headers['x-total-count']).toBe('0');
    }
  });

  it('a change made outside the API, even a truncate, shows on the next read', async () => {
    const owner = await registerAdmin(a.http);
    const job = await createJob(a.http, owner);
    const grace = await createCandidate(a.http, owner, job.id, { name: 'Grace' });
    const list = async () => names((await b.http.get('/api/v1/candidates').set(owner.auth).expect(200)).body);
    expect(await list()).toEqual(['Grace']);
    await a.dataSource.query(`UPDATE candidates SET name = 'Grace Hopper' WHERE id = $1`, [grace.id]);
    expect(await list()).toEqual(['Grace Hopper']);
    await a.dataSource.query('TRUNCATE candidates CASCADE');
    expect(await list()).toEqual([]);
  });

  it("one organization's remembered page is never another's", async () => {
    const [one, two]: Session[] = [await registerAdmin(a.http, 'One'), await registerAdmin(a.http, 'Two')];
    await createCandidate(a.http, one, (await createJob(a.http, one)).id, { name: 'Of One' });
    await createCandidate(a.http, two, (await createJob(a.http, two)).id, { name: 'Of Two' });
    for (let round = 0; round < 2; round++) {
      expect(names((await a.http.get('/api/v1/candidates').set(one.auth).expect(200)).body)).toEqual(['Of One']);
      expect(names((await a.http.get('/api/v1/candidates').set(two.auth).expect(200)).body)).toEqual(['Of Two']);
    }
    // A bad credential is refused before a remembered page is answered.
    await a.http.get('/api/v1/candidates').expect(401);
    await a.http.get('/api/v1/candidates').set({ Authorization: `${one.auth.Authorization}x` }).expect(401);
  });

  it("another organization's job answers 404 and a bad query 400, every time", async () => {
    const [one, two]: Session[] = [await registerAdmin(a.http, 'One'), await registerAdmin(a.http, 'Two')];
    const jobOfOne = await createJob(a.http, one);
    await createCandidate(a.http, one, jobOfOne.id, { name: 'Of One' });
    for (let round = 0; round < 2; round++) {
      expect(names((await a.http.get(`/api/v1/jobs/${jobOfOne.id}/candidates`).set(one.auth).expect(200)).body)).toEqual(['Of One']);
      // Two's page of that job is empty and remembered as such; the job is still looked up, and not Two's.
      await a.http.get(`/api/v1/jobs/${jobOfOne.id}/candidates`).set(two.auth).expect(404);
      await a.http.get('/api/v1/candidates?per_page=0').set(one.auth).expect(400);
    }
  });

  describe('conversation pages', () => {
    const contents = (body: Array<{ content: string }>) => body.map((m) => m.content);

    it('answers an unchanged page after one version read, with the same body and headers', async () => {
      const owner = await registerAdmin(a.http);
      const { interviewId } = await createInterview(a.http, owner, { messages: ['One?', 'Two?', 'Three?'] });
      const first = await expectRemembered(
        `/api/v1/conversation/${interviewId}?page=1&per_page=2`,
        owner,
        'SELECT version::text FROM conversation_versions WHERE tenant_id = $1 AND interview_id = $2',
      );
      expect(contents(first.body)).toEqual(['One?', 'Two?']);
      expect(first.headers['x-total-count']).toBe('3');
    });

    it('every change to the messages shows on the next read, through either instance', async () => {
      const owner = await registerAdmin(a.http);
      const { interviewId, candidateId } = await createInterview(a.http, owner, { messages: ['One?'] });
      const url = `/api/v1/conversation/${interviewId}`;
      const read = async (app: TestApp) => {
        const res = await app.http.get(url).set(owner.auth).expect(200);
        return { contents: contents(res.body), total: res.headers['x-total-count'] };
      };
      expect(await read(b)).toEqual({ contents: ['One?'], total: '1' });
      expect(await read(a)).toEqual({ contents: ['One?'], total: '1' });
      // Appended on one instance, read on the other.
      await a.http.post('/api/v1/conversation').set(owner.auth).send({ interview_id: interviewId, role: 'user', content: 'An answer', sequence_number: 2 }).expect(201);
      expect(await read(b)).toEqual({ contents: ['One?', 'An answer'], total: '2' });
      expect(await read(a)).toEqual({ contents: ['One?', 'An answer'], total: '2' });
      // Changed in SQL.
      await a.dataSource.query(`UPDATE conversation_messages SET content = 'Edited' WHERE interview_id = $1 AND sequence_number = 2`, [interviewId]);
      expect((await read(b)).contents).toEqual(['One?', 'Edited']);
      // Truncated: the interview is there, its conversation empty.
      await a.dataSource.query('TRUNCATE conversation_messages');
      for (const app of [a, b]) expect(await read(app)).toEqual({ contents: [], total: '0' });
      await a.http.post('/api/v1/conversation').set(owner.auth).send({ interview_id: interviewId, role: 'assistant', content: 'Again?', sequence_number: 1 }).expect(201);
      for (const app of [a, b]) expect(await read(app)).toEqual({ contents: ['Again?'], total: '1' });
      // Erased with its candidate: the interview is gone.
      await b.http.delete(`/api/v1/candidates/${candidateId}`).set(owner.auth).expect(204);
      for (const app of [a, b]) await app.http.get(url).set(owner.auth).expect(404);
    });

    it("another organization's interview answers 404, every time", async () => {
      const [one, two]: Session[] = [await registerAdmin(a.http, 'One'), await registerAdmin(a.http, 'Two')];
      const { interviewId } = await createInterview(a.http, one, { messages: ['Only for One?'] });
      for (let round = 0; round < 2; round++) {
        expect(contents((await a.http.get(`/api/v1/conversation/${interviewId}`).set(one.auth).expect(200)).body)).toEqual(['Only for One?']);
        await a.http.get(`/api/v1/conversation/${interviewId}`).set(two.auth).expect(404);
      }
      await a.http.get(`/api/v1/conversation/${interviewId}`).expect(401);
    });
  });
});
