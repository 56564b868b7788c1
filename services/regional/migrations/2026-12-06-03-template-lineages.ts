import { formatTemplateCode, formatTemplateLineage, parseTemplateCode } from '../../../kernel';
import { COLLECTIONS, type ContractTemplateDocument } from '../model';
import type { Migration } from './migration';

/**
 * Why it exists: contract templates used to carry a code their drafters typed (so two regions could draft the same
 * one) and a lineage that was only a chain of `supersedesId`. Versions now belong to a lineage named by a code the
 * drafting region assigns, `JJJ-{region}-HT-{version}-{serial}` (kernel/templateCodes.ts), and a version's one
 * successor is kept in `successorId` (entities/contractTemplate/contractTemplate.lineage.ts).
 *
 * For every template without a `lineage`: the `supersedesId` chains of the region form its lineages (a chain's first
 * version is the root; lineages already migrated keep their serial, new ones take the next serials in order of their
 * first version's creation); each version gets its lineage, the code `JJJ-{region}-HT-{version}-{serial}` (the old
 * code kept in `formerCode`, which text search still finds) and `successorId` (its successor not withdrawn, else its
 * latest one). A version whose year its lineage already has (a second successor of one version, two versions in one
 * year) starts a lineage of its own instead, so codes stay unique. Then every lineage with more than one published
 * version keeps the newest published and marks the others SUPERSEDED.
 *
 * Idempotent and harmless on current-shape data: it selects only templates without `lineage` (seeded templates have
 * one) and lineages with two published versions (seeded lineages have at most one); values depend only on the data.
 */
export const templateLineages: Migration = {
  id: '2026-12-06-03-template-lineages',
  description: 'Give contract templates their lineage, a code assigned by their region (old code kept in formerCode) and successorId; one published version per lineage',
  async up({ db, region, logger }) {
    const templates = db.collection<ContractTemplateDocument>(COLLECTIONS.contractTemplates);
    const all = await templates.find({}, { sort: { createdAt: 1, _id: 1 } }).toArray();
    const byId = new Map(all.map((template) => [template._id, template]));
    let documentsChanged = 0;

    if (all.some((template) => !template.lineage)) {
      const rootOf = (template: ContractTemplateDocument): ContractTemplateDocument => {
        const seen = new Set<string>();
        let node = template;
        while (node.supersedesId && byId.has(node.supersedesId) && !seen.has(node._id)) {
          seen.add(node._id);
          node = byId.get(node.supersedesId)!;
        }
        return node;
      };
      let highest = 0;
      for (const template of all) {
        const parts = template.lineage ? parseTemplateCode(template.lineage) : null;
        if (parts?.region === region) highest = Math.max(highest, parts.serial);
      }
      const serialOfRoot = new Map<string, number>();
      const yearsOfSerial = new Map<number, Set<number>>();
      for (const template of all) {
        if (!template.lineage) continue;
        const parts = parseTemplateCode(template.lineage);
        if (!parts) continue;
        serialOfRoot.set(rootOf(template)._id, parts.serial);
        yearsOfSerial.set(parts.serial, (yearsOfSerial.get(parts.serial) ?? new Set()).add(template.version));
      }
      // Oldest first (the sort above), so a root precedes its successors and earlier versions keep the lineage.
      const migrated: Array<{ template: ContractTemplateDocument; set: Partial<ContractTemplateDocument> }> = [];
      for (const template of all) {
        if (template.lineage) continue;
        const root = rootOf(template);
        let serial = serialOfRoot.get(root._id);
        if (serial === undefined) {
          serial = ++highest;
          serialOfRoot.set(root._id, serial);
        }
        if (yearsOfSerial.get(serial)?.has(template.version)) {
          serial = ++highest;
          logger.warn({ templateId: template._id, version: template.version }, 'template version repeats a year of its lineage: it starts a lineage of its own');
        }
        yearsOfSerial.set(serial, (yearsOfSerial.get(serial) ?? new Set()).add(template.version));
        const code = formatTemplateCode(region, serial, template.version);
        const set = { lineage: formatTemplateLineage(region, serial), code, ...(template.code !== code ? { formerCode: template.code } : {}) };
        migrated.push({ template, set });
        Object.assign(template, set);
      }
      for (const { template, set } of migrated) {
        // Its successor within its lineage: the one not withdrawn (the newest), else the newest withdrawn one.
        const successors = all.filter((other) => other.supersedesId === template._id && other.lineage === template.lineage);
        const successor = successors.filter((other) => other.status !== 'WITHDRAWN').pop() ?? successors.pop() ?? null;
        const result = await templates.updateOne({ _id: template._id, lineage: { $exists: false } }, { $set: { ...set, successorId: successor?._id ?? null } });
        documentsChanged += result.modifiedCount;
      }
    }

    const publishedByLineage = new Map<string, ContractTemplateDocument[]>();
    for (const template of all) {
      if (template.status === 'PUBLISHED') publishedByLineage.set(template.lineage, [...(publishedByLineage.get(template.lineage) ?? []), template]);
    }
    for (const [lineage, published] of publishedByLineage) {
      if (published.length < 2) continue;
      const newest = published.reduce((a, b) => (b.version > a.version ? b : a));
      for (const older of published.filter((template) => template !== newest)) {
        const result = await templates.updateOne({ _id: older._id, status: 'PUBLISHED' }, { $set: { status: 'SUPERSEDED' } });
        documentsChanged += result.modifiedCount;
      }
      logger.info({ lineage, current: newest._id }, 'lineage had more than one published version: the older ones are superseded');
    }
    return { documentsChanged };
  },
};
