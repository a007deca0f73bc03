import nodemailer from 'nodemailer';

/** With no SMTP_URL the portal runs in demo mode: e-mails are shown on the demo mailbox page instead. */
export function isDemoMailbox(): boolean {
  return !process.env.SMTP_URL;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM ?? 'Derbes <no-reply@derbes.localhost>';
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
    if (refused.length > 0) throw new Error(`refused by the SMTP server: ${refused.join(', ')}`);
    return { messageId: info.messageId };
  };
}

/** Demo mode: nothing leaves the machine; the outbox row itself is what the demo mailbox shows. */
export const demoMailboxSend: Send = async () => ({ messageId: 'demo-mailbox' });
