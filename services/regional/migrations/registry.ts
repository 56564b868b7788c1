import { outboxPendingFlag } from './2026-12-06-01-outbox-pending-flag';
import { announceLinks } from './2026-12-06-02-announce-links';
import { templateLineages } from './2026-12-06-03-template-lineages';
import { complaintAmountsInFen } from './2026-12-06-04-amounts-in-fen';
import { coherentRecords } from './2026-12-06-05-coherent-records';
import type { Migration } from './migration';

/**
 * Every data migration of a regional database, in id order. To add one: write `<id>.ts` in this folder exporting a
 * `Migration` whose id is its file name (see migration.ts for the rules: idempotent, harmless on current-shape
 * data) and append it here. tests/regional/migrations.test.ts fails when a migration file is missing from this list,
 * an id is out of order, or an id differs from its file name.
 */
export const MIGRATIONS: readonly Migration[] = [outboxPendingFlag, announceLinks, templateLineages, complaintAmountsInFen, coherentRecords];
