import type { Db } from '../../db/pool.ts';
import { createApiToken } from '../../db/sql/createApiToken.ts';
import { createUser } from '../../db/sql/createUser.ts';
import { deleteUserSessions } from '../../db/sql/deleteUserSessions.ts';
import { getUserByName } from '../../db/sql/getUserByName.ts';
import { revokeApiToken } from '../../db/sql/revokeApiToken.ts';
import { setUserDisabled } from '../../db/sql/setUserDisabled.ts';
import { setUserPassword } from '../../db/sql/setUserPassword.ts';
import { ROLES, type Role, type UserRow } from '../../db/sql/webRows.ts';
import { generatePassword, hashPassword } from './password.ts';
import { hashSecret, newApiToken } from './secrets.ts';
import { unlockName } from './throttle.ts';

/**
 * What ops do to accounts, shared by `raqib users` and the users page so both check the same bounds and end
 * the same things. Every function throws AccountError with one line naming what is wrong; the web app answers
 * it as a 400 (404 for an unknown name), the CLI prints it.
 */
export class AccountError extends Error {
  override name = 'AccountError';
  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export const NAME_RULE = /^[\p{L}\p{N}._@-]{1,64}$/u;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 1024;
export const LABEL_MAX = 100;
export const TOKEN_DAYS_MAX = 3650;

export function checkName(name: string): string {
  if (!NAME_RULE.test(name)) throw new AccountError(`name must be 1-64 letters, digits, . _ @ - (got "${name.slice(0, 80)}")`);
  return name;
}

export function checkRole(role: string): Role {
  const r = ROLES.find((x) => x === role);
  if (!r) throw new AccountError(`role must be one of ${ROLES.join(', ')} (got "${role.slice(0, 20)}")`);
  return r;
}

export function checkPassword(password: string): string {
  if (password.length < PASSWORD_MIN) throw new AccountError(`the password must be at least ${PASSWORD_MIN} characters`);
  if (password.length > PASSWORD_MAX) throw new AccountError(`the password must be at most ${PASSWORD_MAX} characters`);
  if (/[\u0000-\u001f\u007f]/.test(password)) throw new AccountError('the password must not contain control characters');
  return password;
}

export function checkLabel(label: string): string {
  if (label.length > LABEL_MAX) throw new AccountError(`label must be at most ${LABEL_MAX} characters (got ${label.length})`);
  if (/[\u0000-\u001f\u007f]/.test(label)) throw new AccountError('label must not contain control characters');
  return label;
}

export function checkDays(days: number | null): number | null {
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > TOKEN_DAYS_MAX))
    throw new AccountError(`days must be a whole number from 1 to ${TOKEN_DAYS_MAX} (got "${days}")`);
  return days;
}

export async function requireUser(db: Db, name: string): Promise<UserRow> {
  const u = await getUserByName(db, name);
  if (!u) throw new AccountError(`no account named "${name.slice(0, 64)}"`, 404);
  return u;
}

/** Adds an account (or, with `replace`, resets the role and password of an existing one). */
export async function addAccount(db: Db, name: string, role: string, password: string, replace: boolean): Promise<UserRow> {
  checkName(name);
  const r = checkRole(role);
  checkPassword(password);
  if (!replace && (await getUserByName(db, name))) throw new AccountError(`an account named "${name}" exists already`, 409);
  return createUser(db, name, r, await hashPassword(password));
}

/** Disables an account and ends its sessions; returns the ended session hashes (to end their streams). */
export async function disableAccount(db: Db, name: string): Promise<{ user: UserRow; endedSessions: string[] }> {
  const user = (await setUserDisabled(db, name, true)) ?? (await requireUser(db, name));
  return { user, endedSessions: await deleteUserSessions(db, user.id) };
}

export async function enableAccount(db: Db, name: string): Promise<UserRow> {
  return (await setUserDisabled(db, name, false)) ?? requireUser(db, name);
}

/** Sets a password (a generated one when none is given) and ends the account's sessions; returns it. */
export async function resetPassword(db: Db, name: string, password: string | null): Promise<{ password: string; endedSessions: string[] }> {
  const user = await requireUser(db, name);
  const pw = checkPassword(password ?? generatePassword());
  await setUserPassword(db, name, await hashPassword(pw));
  return { password: pw, endedSessions: await deleteUserSessions(db, user.id) };
}

export async function revokeSessions(db: Db, name: string): Promise<{ user: UserRow; endedSessions: string[] }> {
  const user = await requireUser(db, name);
  return { user, endedSessions: await deleteUserSessions(db, user.id) };
}

/** A new API token for an account, returned once (only its hash is stored). */
export async function issueToken(db: Db, name: string, label: string, days: number | null): Promise<{ id: number; token: string }> {
  checkLabel(label);
  checkDays(days);
  const user = await requireUser(db, name);
  const token = newApiToken();
  const id = await createApiToken(db, user.id, hashSecret(token), label, days === null ? null : new Date(Date.now() + days * 86_400_000));
  return { id, token };
}

/** Revokes a live token by id, of one account when given; returns its hash (to end its streams). */
export async function revokeToken(db: Db, id: number, userId: number | null = null): Promise<string> {
  const r = await revokeApiToken(db, id, userId);
  if (!r) throw new AccountError(`no live API token with id ${id}${userId === null ? '' : ' for this account'}`, 404);
  return r.tokenHash;
}

/** Lifts a login lock and forgets the failed attempts of an account name; true when there was something. */
export async function unlockAccount(db: Db, name: string): Promise<boolean> {
  return (await unlockName(db, name)) > 0;
}
