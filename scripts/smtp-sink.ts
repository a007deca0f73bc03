import http from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server that keeps what it receives, for tests: the portal sends to it over the
 * network exactly as it would to a production relay. Run directly, it also serves what it got as
 * JSON over HTTP, for the end-to-end tests: GET /messages?to=address, DELETE /messages.
 */
export type SinkMessage = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
};

export type SmtpSink = { port: number; messages: SinkMessage[]; stop: () => Promise<void> };

/** `delayMs` makes the sink take that long to accept each message, like a slow relay. */
export async function startSmtpSink(port = 0, messages: SinkMessage[] = [], { delayMs = 0 } = {}): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            receivedAt: new Date().toISOString(),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    messages,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main() {
  const sink = await startSmtpSink(Number(process.env.SMTP_SINK_PORT ?? 2525));
  const api = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/messages') return void response.writeHead(404).end();
    if (request.method === 'DELETE') {
      sink.messages.length = 0;
      return void response.writeHead(204).end();
    }
    const to = url.searchParams.get('to')?.toLowerCase();
    const found = to ? sink.messages.filter((m) => m.to.includes(to)) : sink.messages;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
  });
  api.listen(Number(process.env.SMTP_SINK_HTTP_PORT ?? 2580), '127.0.0.1');
  console.log(`[smtp-sink] SMTP on ${sink.port}, HTTP on ${process.env.SMTP_SINK_HTTP_PORT ?? 2580}`);
  const stop = () => void Promise.all([sink.stop(), new Promise((r) => api.close(r))]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
