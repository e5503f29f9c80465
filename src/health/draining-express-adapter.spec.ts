import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';
import { constructing } from './draining-express-adapter';

describe('constructing', () => {
  const app = express();

  it("makes Node's request and response with Express's prototypes, initialised as `new` would", () => {
    const socket = new Socket();
    const Request = constructing(IncomingMessage, app.request);
    const req = new Request(socket);
    expect(Object.getPrototypeOf(req)).toBe(app.request);
    expect(req).toBeInstanceOf(IncomingMessage);
    expect(req.socket).toBe(socket);
    expect(req.headers).toEqual({});
    const Response = constructing(ServerResponse, app.response);
    const res = new Response(req);
    expect(Object.getPrototypeOf(res)).toBe(app.response);
    expect(res).toBeInstanceOf(ServerResponse);
    expect(res.statusCode).toBe(200);
    expect(res.req).toBe(req);
    socket.destroy();
  });

  it('constructs a class, which cannot be called, with the prototype as well', () => {
    class Base {
      readonly made: string;
      constructor(what: string) {
        this.made = what;
      }
    }
    const prototype = Object.create(Base.prototype, { extra: { value: 42 } }) as Base & { extra: number };
    const Made = constructing(Base, prototype);
    const made = new Made('yes') as Base & { extra: number };
    expect(Object.getPrototypeOf(made)).toBe(prototype);
    expect(made.made).toBe('yes');
    expect(made.extra).toBe(42);
  });
});
