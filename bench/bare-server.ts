/**
 * The baseline for the read benchmark: a bare node:http + pg server answering the same two reads as the
 * API with the same JSON and the same rows (one query each, no authentication, no framework). Started by
 * bench/reads.ts as a child process: BARE_DATABASE_URL, BARE_PORT, BARE_TENANT_ID.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });
const tenantId = Number(process.env.BARE_TENANT_ID);

interface MessageRow {
  id: number;
  interview_id: number;
  role: string;
  content: string;
  sequence_number: number;
  created_at: Date;
}

interface CandidateRow {
  id: number;
  job_id: number;
  name: string;
  email: string;
  phone: string | null;
  resume_text: string | null;
  skills: string[];
  years_experience: number | null;
  status: string;
  created_at: Date;
  updated_at: Date;
}

async function conversation(interviewId: number): Promise<unknown[]> {
  const { rows } = await pool.query<MessageRow>(
    `SELECT id, interview_id, role, content, sequence_number, created_at FROM conversation_messages
     WHERE tenant_id = $1 AND interview_id = $2 ORDER BY sequence_number LIMIT 100`,
    [tenantId, interviewId],
  );
  return rows.map((m) => ({
    id: m.id,
    interview_id: m.interview_id,
    role: m.role,
    content: m.content,
    sequence_number: m.sequence_number,
    timestamp: m.created_at.toISOString(),
  }));
}

async function candidates(): Promise<unknown[]> {
  const { rows } = await pool.query<CandidateRow>(
    `SELECT id, job_id, name, email, phone, resume_text, skills, years_experience, status, created_at, updated_at
     FROM candidates WHERE tenant_id = $1 ORDER BY id DESC LIMIT 20`,
    [tenantId],
  );
  return rows.map((c) => ({
    id: c.id,
    job_id: c.job_id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    resume_text: c.resume_text,
    skills: c.skills,
    years_experience: c.years_experience,
    status: c.status,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString(),
  }));
}

const server = createServer((req, res) => {
  const url = req.url ?? '';
  const match = /^\/conversation\/(\d+)/.exec(url);
  const work = match ? conversation(Number(match[1])) : url.startsWith('/candidates') ? candidates() : null;
  if (!work) {
    res.writeHead(404).end();
    return;
  }
  work.then(
    (body) => {
      const json = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    },
    (e: unknown) => {
      res.writeHead(500).end(String(e));
    },
  );
});

server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
