import pino from 'pino';
import { settings } from '../config/settings.ts';

/** Structured JSON logs on stderr (stdout carries data for the CLI). Children carry feed/item/job ids. */
export const log = pino({ level: settings().LOG_LEVEL, base: { pid: process.pid } }, pino.destination(2));
export type Logger = typeof log;
