/** Row types of the web tables (db/migrations/005_web.sql). */
import type { DeliveryEvent } from '../../lib/deliver/alertMessage.ts';

export type Role = 'analyst' | 'editor' | 'ops';
export const ROLES: readonly Role[] = ['analyst', 'editor', 'ops'];

export interface UserRow {
  id: number;
  name: string;
  role: Role;
  /** scrypt$N$r$p$salt$key */
  password_hash: string;
  disabled: boolean;
  created_at: Date;
}

export type Channel = 'webhook' | 'slack' | 'email';
export const CHANNELS: readonly Channel[] = ['webhook', 'slack', 'email'];

export interface SubscriptionRow {
  id: number;
  user_id: number;
  /** empty: every figure */
  figure_ids: string[];
  /** empty: every kind */
  kinds: string[];
  channel: Channel;
  /** URL (webhook, slack) or email address */
  target: string;
  secret: string | null;
  smtp_url: string | null;
  enabled: boolean;
  created_at: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: number;
  alert_id: number;
  subscription_id: number;
  /** the alert's kind when the delivery was owed */
  kind: string;
  /** `alert`, or `alert.updated`: the English of an alert first sent without it (webhook and Slack only) */
  event: DeliveryEvent;
  /** planned while the alert's English was on its way: next_attempt_at is the end of the wait */
  awaiting_en: boolean;
  /** whether what was sent carried the complete English; null until sent */
  sent_en: boolean | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  response_code: number | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}
