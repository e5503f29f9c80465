import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const PAGES: Record<string, string> = {
  '/interview': readFileSync(join(__dirname, 'interview.html'), 'utf8'),
  '/probe': readFileSync(join(__dirname, 'probe.html'), 'utf8'),
};

const attribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export interface PageServer {
  /** `http://127.0.0.1:<port>`: the origin the pages run in. */
  readonly origin: string;
  /** The API the pages call; set once the API is up (its CORS settings need this origin first). */
  apiBase: string;
  close(): Promise<void>;
}

/** Serves the candidate pages (`/interview`, `/probe`) as static HTML with inline scripts, on a loopback port of their own. */
export async function startPageServer(): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page.invalid').pathname;
    // No icon: an empty answer keeps the browser from logging a 404 among the page's own messages.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const page = PAGES[path];
    if (req.method !== 'GET' || page === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(page.replace('{{API_BASE}}', attribute(state.apiBase)));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: PageServer = {
    origin: `http://127.0.0.1:${port}`,
    apiBase: '',
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}
