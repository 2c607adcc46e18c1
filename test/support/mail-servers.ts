// Real servers for the delivery tests: an SMTP server (smtp-server) that keeps each message it receives (or
// refuses them for a while), an SMTP server that takes the connection and never says a word, and an HTTP
// receiver that plays the SMS gateway, checking each request's signature. All on loopback ports.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { smsSignature } from '../../src/services/messages/sms-gateway.ts';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** Header names lowercased, folded lines joined, encoded words decoded. */
  headers: Record<string, string>;
  /** The text part, transfer encoding undone. */
  text: string;
}

const decodeWords = (value: string): string =>
  value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuoted(data.replace(/_/g, ' ')),
  );

function decodeQuoted(data: string): string {
  const bytes = data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

/** Enough of RFC 5322 for one nodemailer text message. */
export function parseMail(raw: string): Omit<ReceivedMail, 'envelope'> {
  const split = raw.indexOf('\r\n\r\n');
  const headerLines = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuoted(body) : body;
  return { headers, text };
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** While true, every recipient is refused with 451 (try again later), as a server under load answers. */
  refusing: boolean;
  close(): Promise<void>;
}

/** An SMTP server on `port` (a free one unless given, e.g. the port a server that went down had). */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const sink = { refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(sink.refusing ? Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
        received.push({ envelope, ...parseMail(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return Object.assign(sink, { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

export interface SilentSmtp {
  url: string;
  port: number;
  /** Connections taken so far: a send is in flight once one is open. */
  connections: number;
  close(): Promise<void>;
}

/** A server that accepts SMTP connections and never answers, so that a send hangs until it times out. */
export async function startSilentSmtp(): Promise<SilentSmtp> {
  const sockets = new Set<net.Socket>();
  const silent = { connections: 0 };
  const server = net.createServer((socket) => {
    silent.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(silent, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  });
}

export interface SmsReceiver {
  url: string;
  key: string;
  /** Requests whose signature verified, newest last. */
  received: Array<{ messageId: string; to: string; lang: string; text: string }>;
  /** Requests refused for a bad or missing signature. */
  refused: number;
  /** The status the receiver answers with (200 unless a test says otherwise). */
  status: number;
  close(): Promise<void>;
}

export async function startSmsReceiver(key = 'sms-gateway-test-key-0123456789abcdef'): Promise<SmsReceiver> {
  const receiver: SmsReceiver = { url: '', key, received: [], refused: 0, status: 200, close: async () => undefined };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers['x-ykt-timestamp'] ?? '');
      const fresh = Math.abs(Date.now() - Number(timestamp)) < 5 * 60_000;
      if (!fresh || request.headers['x-ykt-signature'] !== smsSignature(key, timestamp, body) || request.headers['content-type'] !== 'application/json') {
        receiver.refused++;
        response.writeHead(401).end();
        return;
      }
      if (receiver.status === 200) receiver.received.push(JSON.parse(body));
      response.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
