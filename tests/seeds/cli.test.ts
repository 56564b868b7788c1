import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseNameInUri, dumpSeedData, parseArgs } from '../../seeds/cli';
import { generateSeedData } from '../../seeds/generate';

describe('seed CLI', () => {
  it('parses regions, URI, counts and seed', () => {
    const args = parseArgs(['--region', 'tj', '--region', 'HE', '--uri', 'mongodb://127.0.0.1:27017', '--count', 'recalls=1000', '--seed', '7']);
    expect(args.regions).toEqual(['TJ', 'HE']);
    expect(args.uri).toBe('mongodb://127.0.0.1:27017');
    expect(args.generator).toEqual({ seed: 7, counts: { recalls: 1000 } });
    expect(parseArgs(['--region', 'all']).regions).toEqual(['BJ', 'TJ', 'HE']);
    expect(parseArgs([]).regions).toEqual(['BJ', 'TJ', 'HE']);
  });

  it('reads the database name of a connection string', () => {
    expect(databaseNameInUri('mongodb://127.0.0.1:27017/jjj_tj?directConnection=true')).toBe('jjj_tj');
    expect(databaseNameInUri('mongodb://a:1,b:2/?replicaSet=rs0')).toBeNull();
    expect(databaseNameInUri('mongodb://127.0.0.1:27017')).toBeNull();
    expect(databaseNameInUri('mongodb+srv://user:pw@cluster.example/hub')).toBe('hub');
  });

  it('dumps JSON files per region and collection', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jjj-dump-'));
    try {
      const data = generateSeedData({ counts: { enterprises: 15, riskAlerts: 4, recalls: 6, contractTemplates: 2, complaints: 5 } });
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      await dumpSeedData(data, ['HE'], dir);
      stderr.mockRestore();
      const recalls = JSON.parse(await readFile(join(dir, 'HE', 'recalls.json'), 'utf8')) as { _id: string; announcedAt: string }[];
      expect(recalls.map((r) => r._id)).toEqual(data.HE.recalls.map((r) => r._id));
      expect(recalls[0]!.announcedAt).toBe(data.HE.recalls[0]!.announcedAt.toISOString());
      await expect(readFile(join(dir, 'BJ', 'recalls.json'), 'utf8')).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
