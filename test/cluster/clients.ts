import { Agent } from 'node:http';
import request, { type Response, type Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { contractChecked } from '../helpers/contract';
import { SERVED_BY } from './round-robin-proxy';

export interface Client {
  http: TestAgent;
  /** The address the instances should see as this client's. */
  address: string;
}

/** Which instance answered a response that came through the proxy. */
export const servedBy = (res: Pick<Response, 'headers'>): string => String(res.headers[SERVED_BY]);

/**
 * HTTP clients of the service behind the proxy, each connecting from a loopback address of its own
 * (127.0.0.10, .11, …), so the instances, reading X-Forwarded-For, see them as different people and count
 * per-IP rate limits for each on its own. Every response is checked against openapi.json.
 */
export class Clients {
  private nextHost = 10;
  private readonly agents: Agent[] = [];

  constructor(private readonly baseUrl: string) {}

  /** A client at an address no other client of this run uses. */
  create(): Client {
    if (this.nextHost > 254) throw new Error('out of loopback addresses for clients');
    const localAddress = `127.0.0.${this.nextHost++}`;
    const agent = new Agent({ keepAlive: false, localAddress });
    this.agents.push(agent);
    return { http: contractChecked(request.agent(this.baseUrl).use((req: Test) => void req.agent(agent))), address: localAddress };
  }

  close(): void {
    for (const agent of this.agents) agent.destroy();
  }
}
