import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { RecallsPageDocument, RecallPublishedDocument } from '../../clients/generated/graphql';
import { composeSupergraph, staleSchemaFiles } from '../../scripts/compose';

const ROOT = join(__dirname, '..', '..');

describe('committed generated artifacts', () => {
  it('schema/ equals a fresh composition of the subgraphs (run npm run compose when this fails)', async () => {
    expect(staleSchemaFiles(await composeSupergraph())).toEqual([]);
  });

  it('the client API schema has the gateway subscriptions next to the federated queries', () => {
    const api = readFileSync(join(ROOT, 'schema', 'api.graphql'), 'utf8');
    expect(api).toMatch(/type Subscription \{[\s\S]*recallPublished\(/);
    expect(api).toMatch(/type Query \{[\s\S]*recalls\(/);
    expect(api).not.toMatch(/_entities|_service|@key/);
  });

  it('clients/generated equals a fresh graphql-codegen run (run npm run codegen when this fails)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'jjj-codegen-'));
    try {
      execFileSync(join(ROOT, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.ts', '--silent'], {
        cwd: ROOT,
        env: { ...process.env, CODEGEN_OUT: `${scratch}/` },
        stdio: 'pipe',
      });
      const files = readdirSync(scratch);
      expect(files.sort()).toEqual(readdirSync(join(ROOT, 'clients', 'generated')).sort());
      for (const file of files) expect(readFileSync(join(ROOT, 'clients', 'generated', file), 'utf8')).toBe(readFileSync(join(scratch, file), 'utf8'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);

  it('typed documents carry the operations written in clients/operations', () => {
    expect(print(RecallsPageDocument)).toContain('recalls(filter: $filter, orderBy: $orderBy, first: $first, after: $after)');
    expect(print(RecallPublishedDocument)).toContain('recallPublished(filter: $filter, after: $after)');
  });
});
