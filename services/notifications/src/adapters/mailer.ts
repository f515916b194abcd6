import { createTransport } from 'nodemailer';
import type { Transaction } from 'kysely';
import { PermanentDeliveryError, type Mail } from '../domain/channels.js';
import { insertMail } from './channel-repository.js';
import type { NotificationsDatabase } from './database.js';

/** Sends one mail of a delivery. Throwing means "try again later". */
export interface Mailer {
  readonly mode: 'smtp' | 'mailbox';
  send(
    tx: Transaction<NotificationsDatabase>,
    delivery: { id: string; userId: string },
    mail: Mail,
  ): Promise<void>;
}

/** Real email through an SMTP server (nodemailer; not pooled, so nothing stays open at shutdown). */
export function smtpMailer(smtpUrl: string): Mailer {
  const transport = createTransport(smtpUrl);
  return {
    mode: 'smtp',
    async send(_tx, delivery, mail) {
      if (!mail.to) throw new PermanentDeliveryError('no email address');
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        // Stable across retries, so a mail sent twice (crash after the send) can be recognised.
        messageId: `<${delivery.id}@garrison.notifications>`,
        headers: { 'X-Garrison-Delivery': delivery.id },
      });
    },
  };
}

/** Embedded mode: the mail is written to the local mailbox, in the delivery's transaction (exactly once). */
export function mailboxMailer(): Mailer {
  return {
    mode: 'mailbox',
    send: (tx, delivery, mail) =>
      insertMail(tx, { ...mail, deliveryId: delivery.id, userId: delivery.userId }),
  };
}
