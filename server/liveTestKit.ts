/**
 * Test kit of the session server's tests: a server on 127.0.0.1 (port 0), socket.io-client sockets, a
 * teacher's session, students, and waiting for events. Every socket and server is closed after each test.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, expect } from 'vitest';
import { type LiveSnapshot, liveNamespace } from '../src/model/liveProtocol.ts';
import type { ViewDocument } from '../src/model/ViewDocument.ts';
import { attachSessionServer, type SessionServer, type SessionServerOptions } from './sessionServer.ts';

export const view = (index: number): ViewDocument =>
  ({ schemaVersion: 2, layout: '1x1', viewports: [{ imageIndex: index }] }) as unknown as ViewDocument;

export interface Harness {
  readonly http: HttpServer;
  readonly server: SessionServer;
  readonly url: string;
}

export const open: { harness?: Harness; sockets: Socket[] } = { sockets: [] };

export async function start(options: SessionServerOptions = {}): Promise<Harness> {
  const http = createServer((_req, res) => res.end('app'));
  const server = attachSessionServer(http, options);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  open.harness = { http, server, url: `http://127.0.0.1:${port}${liveNamespace}` };
  return open.harness;
}

export async function client(harness: Harness, extra: Parameters<typeof connect>[1] = {}): Promise<Socket> {
  const socket = connect(harness.url, { transports: ['websocket'], forceNew: true, ...extra });
  open.sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

afterEach(async () => {
  for (const socket of open.sockets.splice(0)) socket.disconnect();
  const harness = open.harness;
  open.harness = undefined;
  if (harness) {
    await harness.server.close();
    harness.http.closeAllConnections();
    await new Promise((resolve) => harness.http.close(resolve));
  }
});

/** The next `event` on `socket` (rejects after `ms`). */
export function next<T>(socket: Socket, event: string, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Collects every `event` on `socket`. */
export function record<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (value: T) => seen.push(value));
  return seen;
}

/** A round trip: once it answers, the server has handled everything the socket sent before. */
export const roundTrip = (socket: Socket) =>
  socket.emitWithAck('join', { protocol: 1, sessionId: '0000000000', role: 'student' });

export interface Session {
  readonly teacher: Socket;
  readonly sessionId: string;
  readonly presenterKey: string;
}

export async function createSession(harness: Harness): Promise<Session> {
  const teacher = await client(harness);
  const reply = await teacher.emitWithAck('create', { protocol: 1, caseId: 'sample-case' });
  expect(reply).toMatchObject({ ok: true });
  expect(reply.sessionId).toMatch(/^[A-Za-z0-9_-]{10}$/);
  expect(reply.presenterKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const joined = await teacher.emitWithAck('join', {
    protocol: 1,
    sessionId: reply.sessionId,
    role: 'teacher',
    presenterKey: reply.presenterKey,
  });
  expect(joined).toMatchObject({ ok: true, caseId: 'sample-case' });
  return { teacher, sessionId: reply.sessionId, presenterKey: reply.presenterKey };
}

export async function student(
  harness: Harness,
  sessionId: string,
  extra: Parameters<typeof connect>[1] = {},
): Promise<{ socket: Socket; snapshot: LiveSnapshot }> {
  const socket = await client(harness, extra);
  const reply = await socket.emitWithAck('join', { protocol: 1, sessionId, role: 'student' });
  expect(reply).toMatchObject({ ok: true, caseId: 'sample-case' });
  return { socket, snapshot: reply.snapshot };
}
