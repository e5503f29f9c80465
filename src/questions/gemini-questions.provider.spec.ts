import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { GeminiOptions, GeminiQuestionsProvider } from './gemini-questions.provider';
import { JobForQuestions } from './question.types';

const API_KEY = 'test-key-Sup3rS3cret-0123456789';
const MODEL = 'gemini-2.5-flash';

const job: JobForQuestions = {
  title: 'Backend Engineer',
  description: 'Build APIs with Node.js and PostgreSQL',
  skills: ['TypeScript', 'PostgreSQL', 'Docker'],
};

const goodQuestions = [
  { category: 'role', text: 'Why this role?' },
  { category: 'technical', text: '  How do you index PostgreSQL tables?  ' },
  { category: 'technical', text: 'How do you type a REST client in TypeScript?' },
  { category: 'technical', text: 'How do you keep Docker images small?' },
  { category: 'behavioural', text: 'Tell us about a conflict in your team.' },
  { category: 'behavioural', text: 'Describe a mistake you owned.' },
];

interface RecordedRequest {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function answerText(res: ServerResponse, text: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text }] } }] }));
}

describe('GeminiQuestionsProvider', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let requests: RecordedRequest[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    // The "never answers" test leaves sockets open; close them so the server can shut down.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    requests = [];
    handler = (_req, res) => answerText(res, JSON.stringify(goodQuestions));
  });

  function provider(overrides: Partial<GeminiOptions> = {}): GeminiQuestionsProvider {
    return new GeminiQuestionsProvider({ apiKey: API_KEY, baseUrl, model: MODEL, timeoutMs: 2000, ...overrides });
  }

  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).not.toContain(API_KEY);
      return error as Error;
    }
    throw new Error('expected the promise to reject');
  }

  it('posts the job to generateContent and parses the questions', async () => {
    const questions = await provider({ baseUrl: `${baseUrl}/` }).generate(job);

    expect(questions).toHaveLength(6);
    expect(questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    expect(questions[0]).toEqual({ id: 'q1', category: 'role', text: 'Why this role?' });
    expect(questions[1].text).toBe('How do you index PostgreSQL tables?');

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(request.url).not.toContain(API_KEY);
    expect(request.url).not.toContain('key=');
    expect(request.headers['x-goog-api-key']).toBe(API_KEY);
    expect(request.headers['content-type']).toBe('application/json');

    const body = JSON.parse(request.body) as {
      contents: Array<{ role: string; parts: Array<{ text: string }> }>;
      generationConfig: Record<string, unknown>;
    };
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json', temperature: 0.2 });
    expect(body.contents).toHaveLength(1);
    expect(body.contents[0].role).toBe('user');
    expect(body.contents[0].parts).toHaveLength(1);
    const prompt = body.contents[0].parts[0].text;
    for (const expected of ['Backend Engineer', 'Build APIs with Node.js and PostgreSQL', 'TypeScript', 'Docker', 'behavioural']) {
      expect(prompt).toContain(expected);
    }
    expect(prompt).not.toContain(API_KEY);
  });

  it('encodes the model name in the path and clips a long description', async () => {
    await provider({ model: 'my model/v1' }).generate({ ...job, description: 'd'.repeat(10_000) });
    expect(requests[0].url).toBe('/v1beta/models/my%20model%2Fv1:generateContent');
    const prompt = (JSON.parse(requests[0].body) as { contents: Array<{ parts: Array<{ text: string }> }> }).contents[0].parts[0].text;
    expect(prompt).toContain('d'.repeat(4000));
    expect(prompt).not.toContain('d'.repeat(4001));
  });

  it('accepts a JSON array wrapped in ```json fences', async () => {
    handler = (_req, res) => answerText(res, `\`\`\`json\n${JSON.stringify(goodQuestions, null, 2)}\n\`\`\``);
    const questions = await provider().generate(job);
    expect(questions).toHaveLength(6);
    expect(questions[5]).toEqual({ id: 'q6', category: 'behavioural', text: 'Describe a mistake you owned.' });
  });

  it('throws on a non-2xx answer', async () => {
    handler = (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `overloaded, key ${API_KEY}` } }));
    };
    expect((await failure(provider().generate(job))).message).toBe('Gemini answered 503');
  });

  it('throws on invalid JSON in the answer text', async () => {
    handler = (_req, res) => answerText(res, 'Sure! Here are some questions: [{"category": ');
    expect((await failure(provider().generate(job))).message).toBe('Gemini returned invalid JSON');
  });

  it('throws when the response envelope is not JSON or has no text', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy error</html>');
    };
    expect((await failure(provider().generate(job))).message).toBe('Gemini response was not JSON');

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ candidates: [], promptFeedback: { blockReason: 'SAFETY' } }));
    };
    expect((await failure(provider().generate(job))).message).toBe('Gemini returned no text');
  });

  it('throws when there are too few or too many questions', async () => {
    handler = (_req, res) => answerText(res, JSON.stringify(goodQuestions.slice(0, 4)));
    expect((await failure(provider().generate(job))).message).toBe('Gemini returned 4 questions');

    handler = (_req, res) => answerText(res, JSON.stringify([...goodQuestions, ...goodQuestions]));
    expect((await failure(provider().generate(job))).message).toBe('Gemini returned 12 questions');
  });

  it.each([
    ['not an array', { questions: goodQuestions }, 'Gemini did not return a JSON array'],
    ['an invalid category', [...goodQuestions.slice(0, 5), { category: 'trivia', text: 'Q?' }], 'Gemini question 6 has an invalid category'],
    ['an empty text', [{ category: 'role', text: '   ' }, ...goodQuestions.slice(1)], 'Gemini question 1 has no text'],
    ['a text over 300 chars', [...goodQuestions.slice(0, 5), { category: 'technical', text: 'x'.repeat(301) }], 'Gemini question 6 is too long'],
    ['a non-object item', [...goodQuestions.slice(0, 5), 'Why?'], 'Gemini question 6 is not an object'],
  ])('throws on %s', async (_label, payload, message) => {
    handler = (_req, res) => answerText(res, JSON.stringify(payload));
    expect((await failure(provider().generate(job))).message).toBe(message);
  });

  it('times out when the stand-in never answers', async () => {
    handler = () => undefined;
    const started = Date.now();
    const error = await failure(provider({ timeoutMs: 200 }).generate(job));
    expect(error.message).toBe('Gemini timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out when the stand-in stalls in the middle of the body', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"candidates": [');
    };
    const error = await failure(provider({ timeoutMs: 200 }).generate(job));
    expect(error.message).toBe('Gemini timed out after 200 ms');
  });

  it('throws a keyless error when the server is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await failure(provider({ baseUrl: `http://127.0.0.1:${port}` }).generate(job));
    expect(error.message).toMatch(/^Gemini request failed/);
  });
});
