import nodemailer from 'nodemailer';
import { env } from '@/lib/env';

export function mailFrom(): string {
  return env().MAIL_FROM;
}

export type SendResult = { messageId: string };
export type Send = (message: { to: string; subject: string; text: string; html: string }) => Promise<SendResult>;

/** Sends over SMTP_URL (smtp:// or smtps://, credentials in the URL). */
export function createSmtpSend(smtpUrl: string): Send {
  // One short-lived connection per e-mail: a server that went away and came back is simply reached again.
  const transport = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return async (message) => {
    const info = await transport.sendMail({ from: mailFrom(), ...message });
    const refused = [...(info.rejected ?? []), ...(info.pending ?? [])];
    if (refused.length > 0) throw new Error(`refused by the SMTP server: ${refused.length} recipient(s)`);
    return { messageId: info.messageId };
  };
}

/** Demo mode without SMTP_URL: nothing leaves the machine; the demo mailbox shows the outbox row itself. */
export const demoMailboxSend: Send = async () => ({ messageId: 'demo-mailbox' });

/** How this process sends: SMTP_URL when set (always in production), otherwise only the demo mailbox. */
export function configuredSend(): Send {
  const { SMTP_URL } = env();
  return SMTP_URL ? createSmtpSend(SMTP_URL) : demoMailboxSend;
}
