import type { Migration } from '../run-migrations.js';
import { initialSchema } from './001-initial-schema.js';

/** Ordered list of schema changes. Append only: never edit a migration that has shipped. */
export const migrations: readonly Migration[] = [initialSchema];
