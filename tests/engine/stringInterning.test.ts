/**
 * Stored documents share their short string values (services/engine/storage/stringInterning.ts): the values read
 * back are the same, the table stays within its bounds, and a collection of documents that repeat short values holds
 * one copy of each, not one per document (measured on the heap after a full collection).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Document } from 'bson';
import { Collection } from '../../services/engine/storage/collection';
import { INTERNED_MAX_LENGTH, StringInterner } from '../../services/engine/storage/stringInterning';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A fresh, flat copy of `text` (what a BSON decoder hands over: its own instance, not a literal's). */
const decoded = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

describe('StringInterner', () => {
  it('keeps values as they were, in nested objects and arrays, and leaves _id, long strings and BSON values alone', () => {
    const interner = new StringInterner();
    const announcedAt = new Date('2024-08-08T07:00:00Z');
    const long = '该缺陷在极端情况下存在使用者触电的风险，存在安全隐患。本次召回范围内的部分电源适配器。';
    const document = { _id: 'TJ-RCL-2024-100000', region: decoded('TJ'), salesAreas: [decoded('天津市'), decoded('河北省'), 7, null], manufacturer: { name: decoded('天津市东丽区嘉远电线电缆有限公司'), contact: { person: decoded('何建华') } }, hazard: decoded(long), announcedAt, nested: [[decoded('a')], { deep: decoded('b') }] };
    const before = JSON.stringify(document);
    interner.internDocument(document);
    expect(JSON.stringify(document)).toBe(before);
    expect(document.announcedAt).toBe(announcedAt);
    expect(long.length).toBeGreaterThan(INTERNED_MAX_LENGTH);
    // TJ, 天津市, 河北省, the manufacturer, 何建华, a, b: not the _id, not the long hazard.
    expect(interner.size).toBe(7);
    interner.internDocument({ _id: 'other', region: decoded('TJ'), salesAreas: [decoded('天津市')] });
    expect(interner.size).toBe(7);
  });

  it('keeps at most its bound of distinct values and still answers every value once full', () => {
    const interner = new StringInterner(8, 100);
    for (let n = 0; n < 1_000; n++) expect(interner.intern(decoded(`v${n}`))).toBe(`v${n}`);
    expect(interner.size).toBe(100);
    expect(interner.intern('x'.repeat(9))).toBe('x'.repeat(9));
    expect(interner.size).toBe(100);
  });
});

describe('a collection of documents repeating short values', () => {
  const DOCUMENTS = 20_000;
  /** Eight short two-byte values of 20 characters (16 + 40 bytes each on the heap, 448 bytes a document if copied). */
  const VALUES = Array.from({ length: 8 }, (_, field) => `天津市和平区南京路${field}号市场监督管理局召回办公室`.slice(0, 20));

  function heapUsedAfterCollection(): number {
    collectGarbage();
    collectGarbage();
    return process.memoryUsage().heapUsed;
  }

  it('holds each value once, not once per document', () => {
    const collection = new Collection('jjj_tj', 'recalls', {});
    const before = heapUsedAfterCollection();
    for (let n = 0; n < DOCUMENTS; n++) {
      const document: Document = { _id: n };
      VALUES.forEach((value, field) => {
        document[`f${field}`] = decoded(value);
      });
      collection.insert(document);
    }
    const bytesPerDocument = (heapUsedAfterCollection() - before) / DOCUMENTS;
    expect(collection.findById(DOCUMENTS - 1)).toEqual({ _id: DOCUMENTS - 1, ...Object.fromEntries(VALUES.map((value, field) => [`f${field}`, value])) });
    // The document object and its map entry alone are about 150–250 bytes; copies of the values would add 448.
    expect(bytesPerDocument).toBeLessThan(400);
  });
});
