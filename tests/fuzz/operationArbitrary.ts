/**
 * Schema-aware fast-check arbitraries of requests to the hub (a helper of the fuzz test and `npm run bench fuzz`,
 * not a test). Operations are built from the client API schema: random root fields of Query, Mutation and
 * Subscription with selections that follow the types (bounded depth), arguments with values of the right type and
 * of wrong ones (wrong scalars, malformed IDs and credit codes, huge and negative ints, dates out of range,
 * unknown enum values, unknown and missing input fields, nulls for non-null, long and unicode strings), variables
 * (declared, undeclared, of mismatched types, missing), aliases, fragments (also cyclic, unknown, on the wrong
 * type), inline fragments, directives; then the request around it: broken syntax, documents over the limits,
 * operation names that do not exist, batches, bodies that are not JSON or too large, wrong content types, GET,
 * several copies at once, and the caller (an agency, the public token, none, forged or garbage tokens).
 *
 * Everything a request needs to be sent again is in the value (the body as text): a shrunk failure saved as JSON
 * replays as it was found. Tokens are named by caller, not stored, and made when the request is sent.
 */
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  GraphQLNonNull,
  type GraphQLObjectType,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';
import { CONTRACT } from '../../contract';
import { clientApiSchema, committedSchemaSource } from '../../gateway/schemaSource';
import { buildCreditCode, encodeCursor, encodeEventCursor, type RecordTypeCode, type RegionCode } from '../../kernel';
import type { SeedData } from '../../seeds/generate';

/* ---------- what a request is ---------- */

/** Who sends a request; tokens are made at send time (see fuzzClient.ts). */
export type FuzzCaller =
  | { kind: 'agency'; region: RegionCode }
  | { kind: 'public' }
  | { kind: 'none' }
  /** A token signed with the hub's secret for an unusual identity: expired, of the service kind, a bad district, no scopes, read-only, a district bureau… */
  | { kind: 'signed'; variant: SignedVariant }
  /** The Authorization header exactly as given (garbage, other schemes, unsigned or foreign tokens). */
  | { kind: 'raw'; authorization: string };

export const SIGNED_VARIANTS = ['expired', 'service-kind', 'bad-district', 'no-scopes', 'public-with-write', 'unknown-region', 'agency-without-region', 'read-only', 'district-bureau'] as const;
export type SignedVariant = (typeof SIGNED_VARIANTS)[number];

/** Which gateway of the fuzz stack: limits raised so the fuzz reaches the regions, or the production defaults (429s, trusted documents). */
export type FuzzGateway = 'open' | 'production';

export interface FuzzHttpRequest {
  transport: 'http';
  gateway: FuzzGateway;
  caller: FuzzCaller;
  method: 'POST' | 'GET';
  /** Content-Type header; none when null. */
  contentType: string | null;
  accept: string | null;
  /** The POST body, or the query string (after `?`) of a GET. */
  body: string;
  /** Sent this many times at once (concurrency limits). */
  copies: number;
}

export interface FuzzWsRequest {
  transport: 'ws';
  gateway: FuzzGateway;
  caller: FuzzCaller;
  payload: { query: string; variables?: Record<string, unknown>; operationName?: string };
}

export type FuzzRequest = FuzzHttpRequest | FuzzWsRequest;

/** An operation as generated: the document, its variables and the operation name it declares (if any). */
export interface GeneratedOperation {
  kind: 'query' | 'mutation' | 'subscription';
  document: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

/** Values that exist in the seeded stack, so that many requests find records and follow references. */
export interface FuzzSamples {
  ids: Record<RecordTypeCode, string[]>;
  creditCodes: string[];
  /** Valid list cursors of every sort kind. */
  cursors: string[];
}

/** The client API schema the gateway serves (HTTP and WebSocket). */
export function fuzzSchema(): GraphQLSchema {
  return clientApiSchema(committedSchemaSource().supergraphSdl, CONTRACT);
}

/** A few records of each kind from the standard seed (deterministic), and cursors made from them. */
export function samplesFromSeed(seed: SeedData): FuzzSamples {
  const regions: RegionCode[] = ['BJ', 'TJ', 'HE'];
  const take = <T>(pick: (region: RegionCode) => T[], count = 6): T[] => regions.flatMap((region) => pick(region).slice(0, count));
  const recalls = take((region) => seed[region].recalls);
  const alerts = take((region) => seed[region].riskAlerts);
  const enterprises = take((region) => seed[region].enterprises);
  return {
    ids: {
      RCL: recalls.map((recall) => recall._id),
      RSK: alerts.map((alert) => alert._id),
      CMP: take((region) => seed[region].complaints).map((complaint) => complaint._id),
      CTP: take((region) => seed[region].contractTemplates).map((template) => template._id),
      PTC: take((region) => seed[region].inspectionComparisons).map((round) => round._id),
      GEO: take((region) => seed[region].geographicalIndications).map((gi) => gi._id),
      INS: take((region) => seed[region].inspections).map((inspection) => inspection._id),
      LIC: take((region) => seed[region].licenceReviews).map((review) => review._id),
      ENF: take((region) => seed[region].enforcementCases).map((enforcementCase) => enforcementCase._id),
      AST: take((region) => seed[region].assistanceRequests).map((request) => request._id),
    },
    creditCodes: enterprises.map((enterprise) => enterprise._id),
    cursors: [
      ...recalls.slice(0, 4).map((recall) => encodeCursor(recall.announcedAt, recall._id)),
      ...recalls.slice(4, 6).map((recall) => encodeCursor(recall.quantityToRecall, recall._id)),
      ...recalls.slice(6, 8).map((recall) => encodeCursor(recall._id, recall._id)),
      ...alerts.slice(0, 3).map((alert) => encodeCursor(alert.issuedAt, alert._id)),
      ...enterprises.slice(0, 3).map((enterprise) => encodeCursor(enterprise.establishedAt, enterprise._id)),
    ],
  };
}

/* ---------- values ---------- */

/** An enum value: a bare name in a document, a string in variables. */
class EnumLiteral {
  constructor(readonly name: string) {}
}

/** Text printed as is in a document (block strings, huge numbers, deep nesting), with the value it stands for in variables. */
class RawLiteral {
  constructor(
    readonly text: string,
    readonly json: unknown,
  ) {}
}

type Value = null | boolean | number | string | EnumLiteral | RawLiteral | Value[] | { [key: string]: Value };

const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
/** A value about once in `oneIn` draws, null otherwise. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> => fc.oneof(weighted(oneIn - 1, fc.constant(null)), weighted(1, arbitrary));

const REGIONS: RegionCode[] = ['BJ', 'TJ', 'HE'];
const TYPE_CODES: RecordTypeCode[] = ['RCL', 'RSK', 'CMP', 'CTP'];
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const ODD_STRINGS = [
  '',
  ' ',
  'a',
  '充电器发热',
  '电动自行车',
  '🔥🔋',
  '𠮷野家',
  '\u202eRTL',
  'zero\u200bwidth',
  'tab\there',
  'line\nbreak',
  '"quoted"',
  "it's",
  '\\',
  '.*',
  '(',
  '[a-',
  '(a+)+$',
  '$where',
  '{"$gt":""}',
  '$regex',
  '^$',
  '%00',
  '<script>alert(1)</script>',
  "'; DROP TABLE recalls; --",
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  '\u0000',
  '\ufeff',
  'İıß',
  '\ud83d',
];

const stringValue: fc.Arbitrary<string> = fc.oneof(
  weighted(24, fc.constantFrom(...ODD_STRINGS)),
  weighted(16, fc.string({ maxLength: 24 })),
  weighted(8, fc.string({ unit: 'grapheme', maxLength: 16 })),
  weighted(4, fc.string({ unit: 'binary', maxLength: 16 })),
  weighted(1, fc.constantFrom(200, 201, 1000, 5001, 20_000).map((length) => '长'.repeat(length))),
);

const INT_EDGES = [0, 1, -1, 2, 5, 20, 100, 101, 1000, 2_147_483_647, -2_147_483_648];
const intValue: fc.Arbitrary<Value> = fc.oneof(
  weighted(4, fc.constantFrom(...INT_EDGES)),
  weighted(3, fc.integer({ min: -10, max: 100 })),
  weighted(1, fc.integer()),
  // Not Ints: out of 32 bits, beyond double precision, fractions.
  weighted(1, fc.constantFrom(2_147_483_648, -2_147_483_649, 1e20, 9_007_199_254_740_993, 1.5, -0.5)),
  weighted(1, fc.constant(new RawLiteral('1e400', 1e308))),
);

const pageSizeValue: fc.Arbitrary<Value> = fc.oneof(weighted(8, fc.integer({ min: 1, max: 5 })), weighted(3, fc.constantFrom(0, 10, 20, 50, 100, 101, 1000)), weighted(2, fc.constantFrom(-1, -100, -2_147_483_648, 2_147_483_647)), weighted(1, intValue));

const floatValue: fc.Arbitrary<Value> = fc.oneof(
  weighted(4, fc.constantFrom(0, 399, 1.5, 12_345.67)),
  weighted(2, fc.double({ noNaN: true, noDefaultInfinity: true })),
  weighted(1, fc.constantFrom(-1, 1e308, 5e-324, -0)),
  weighted(1, fc.constant(new RawLiteral('1e999', 1e308))),
);

const DATES = [
  '2026-07-01T00:00:00+08:00',
  '2024-01-01T00:00:00Z',
  '2026-11-19T12:00:00.000Z',
  '2022-06-15T08:30:00.123Z',
  '2023-01-01T00:00:00Z',
];
const BAD_DATES = [
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2999-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-07-01T25:00:00Z',
  '2026-07-01',
  '2026-07-01T00:00:00',
  'yesterday',
  '',
];
const dateValue: fc.Arbitrary<Value> = fc.oneof(
  weighted(6, fc.constantFrom(...DATES)),
  weighted(2, fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString())),
  weighted(2, fc.constantFrom(...BAD_DATES)),
  weighted(1, fc.constantFrom(1_720_000_000_000, -1, 0)),
);

const MALFORMED_IDS = [
  'XX-RCL-2024-000001',
  'TJ-RCL-',
  'TJ-RCL-2024-0000001',
  'tj-rcl-2024-000001',
  'TJ-RCL-1800-000001',
  'TJ-RCL-2024-000000',
  'TJ-XYZ-2024-000001',
  'TJ-RCL-9999-999999',
  'TJ-RCL-2024-000001 ',
  'ＴＪ-RCL-2024-000001',
  'TJ-RCL-2024-00000١',
  '../../etc/passwd',
  '{"$ne":null}',
  '',
];

function idValue(samples: FuzzSamples, preferred: RecordTypeCode | null): fc.Arbitrary<Value> {
  const known = preferred ? samples.ids[preferred] : TYPE_CODES.flatMap((type) => samples.ids[type]);
  return fc.oneof(
    weighted(8, fc.constantFrom(...known)),
    weighted(2, fc.constantFrom(...TYPE_CODES.flatMap((type) => samples.ids[type]))),
    // Well-formed IDs that mostly do not exist.
    weighted(2, fc.tuple(fc.constantFrom(...REGIONS), fc.constantFrom(...(preferred ? [preferred] : TYPE_CODES)), fc.integer({ min: 1949, max: 2999 }), fc.integer({ min: 1, max: 999_999 })).map(([region, type, year, serial]) => `${region}-${type}-${year}-${String(serial).padStart(6, '0')}`)),
    weighted(3, fc.constantFrom(...MALFORMED_IDS)),
    weighted(1, fc.tuple(fc.constantFrom('XX', 'bj', '北京', ''), fc.constantFrom('RCL', 'ABC', ''), fc.integer({ min: -1, max: 100_000 }), fc.integer({ min: -1, max: 100_000_000 })).map(([region, type, year, serial]) => `${region}-${type}-${year}-${serial}`)),
    weighted(1, fc.integer()),
    weighted(1, stringValue),
  );
}

function creditCodeValue(samples: FuzzSamples): fc.Arbitrary<Value> {
  const valid = fc
    .tuple(fc.constantFrom('110105', '120116', '130102', '120102', '310000'), fc.array(fc.constantFrom(...CREDIT_ALPHABET), { minLength: 9, maxLength: 9 }))
    .map(([division, organization]) => buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: division, organizationCode: organization.join('') }));
  return fc.oneof(
    weighted(8, fc.constantFrom(...samples.creditCodes)),
    weighted(2, valid),
    // A wrong check character, wrong lengths, lower case, letters outside the alphabet, an unknown division.
    weighted(1, fc.constantFrom(...samples.creditCodes).map((code) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0'))),
    weighted(1, fc.constantFrom(...samples.creditCodes).map((code) => code.toLowerCase())),
    weighted(1, fc.constantFrom('91120102MA08K87J5', '91120102MA08K87J533', '91120102MA08K87JIO', '91990102MA08K87J53', '000000000000000000', 'ZZZZZZZZZZZZZZZZZZ', '')),
    weighted(1, stringValue),
  );
}

function cursorValue(samples: FuzzSamples): fc.Arbitrary<Value> {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const id = samples.ids.RCL[0]!;
  return fc.oneof(
    weighted(6, fc.constantFrom(...samples.cursors)),
    weighted(3, fc.constantFrom(
      encode([{ $gt: '' }, id]),
      encode(['2024-01-01T00:00:00.000Z', { $ne: null }]),
      encode([null, id]),
      encode([[], id]),
      encode([1e308, id]),
      encode(['x'.repeat(65), id]),
      encode(['2024-01-01T00:00:00.000Z', id, 'extra']),
      encode(['2024-13-45T99:99:99.999Z', id]),
      encode({ sortValue: 1, id }),
      encode('plain'),
      `${samples.cursors[0]}=`,
      `${samples.cursors[0]}A`,
      '!!!not-base64!!!',
      'A'.repeat(600),
      '',
    )),
    weighted(1, fc.jsonValue({ maxDepth: 2 }).map(encode)),
    weighted(1, stringValue),
  );
}

const eventCursorValue: fc.Arbitrary<Value> = fc.oneof(
  weighted(3, fc.record({ BJ: fc.nat(50), TJ: fc.nat(50), HE: fc.nat(50) }, { requiredKeys: [] }).map((positions) => encodeEventCursor(positions))),
  weighted(2, fc.constantFrom({ BJ: -1 }, { XX: 1 }, { BJ: 1e20 }, { BJ: 1.5 }, [1, 2], 'x', { BJ: '1' }).map((value) => Buffer.from(JSON.stringify(value)).toString('base64url'))),
  weighted(1, fc.constantFrom('', '!!', 'A'.repeat(300))),
);

/** A value that is wrong for nearly any argument: other scalars, enum names, lists and objects where none belong, deep nesting. */
const wrongValue: fc.Arbitrary<Value> = fc.oneof(
  weighted(3, stringValue),
  weighted(2, intValue),
  weighted(1, fc.boolean()),
  weighted(2, fc.constant(null)),
  weighted(1, fc.constantFrom('NOT_A_VALUE', 'beijing', 'true', 'null').map((name) => new EnumLiteral(name))),
  weighted(1, fc.constantFrom<Value>([], [1, 'two', null], {}, { bogus: 1 }, JSON.parse('{"__proto__":{"polluted":true}}') as Value, [[[]]])),
  weighted(1, fc.integer({ min: 10, max: 600 }).map((depth) => new RawLiteral(`${'['.repeat(depth)}1${']'.repeat(depth)}`, nest(depth, 1, 'list')))),
  weighted(1, fc.integer({ min: 10, max: 300 }).map((depth) => new RawLiteral(`${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`, nest(depth, 1, 'object')))),
  weighted(1, fc.constant(new RawLiteral('"""block\n"string"\n"""', 'block\n"string"'))),
);

function nest(depth: number, leaf: unknown, kind: 'list' | 'object'): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = kind === 'list' ? [value] : { a: value };
  return value;
}

/* ---------- values by type ---------- */

type EntityHint = RecordTypeCode | null;

const ENTITY_OF_TYPE: Record<string, RecordTypeCode> = { ProductRecall: 'RCL', RiskAlert: 'RSK', ConsumerComplaint: 'CMP', ContractTemplate: 'CTP' };
const ENTITY_OF_NAME: Record<string, RecordTypeCode> = { recallId: 'RCL', riskAlertId: 'RSK', riskAlertIds: 'RSK', relatedRecallIds: 'RCL', supersedesId: 'CTP', recallIds: 'RCL' };

class ValueArbitraries {
  private readonly cache = new Map<string, fc.Arbitrary<Value>>();

  constructor(
    private readonly samples: FuzzSamples,
    private readonly schema: GraphQLSchema,
  ) {}

  /** A value for a place of `type` named `name` (an argument or input field), mostly right, sometimes wrong. */
  forType(type: GraphQLInputType, name: string, entity: EntityHint, subscription = false): fc.Arbitrary<Value> {
    const key = `${String(type)}|${name}|${entity ?? ''}|${subscription}`;
    let arbitrary = this.cache.get(key);
    if (!arbitrary) {
      arbitrary = this.build(type, name, entity, subscription);
      this.cache.set(key, arbitrary);
    }
    return arbitrary;
  }

  private build(type: GraphQLInputType, name: string, entity: EntityHint, subscription: boolean): fc.Arbitrary<Value> {
    if (isNonNullType(type)) {
      return fc.oneof(weighted(150, this.forType(type.ofType, name, entity, subscription)), weighted(1, fc.constant(null)));
    }
    if (isListType(type)) {
      const item = this.forType(type.ofType, name, entity, subscription);
      return fc.oneof(weighted(10, fc.array(item, { maxLength: 4 })), weighted(2, item), weighted(1, fc.constant(null)), weighted(1, fc.array(item, { minLength: 20, maxLength: 120 })));
    }
    if (isEnumType(type)) {
      const names = type.getValues().map((value) => value.name);
      return fc.oneof(
        weighted(80, fc.constantFrom(...names).map((value) => new EnumLiteral(value))),
        weighted(1, fc.constantFrom('NOT_A_VALUE', 'beijing', 'Beijing', 'ALL', '__proto__').map((value) => new EnumLiteral(value))),
        // A string where the document wants an enum name (right in variables, wrong in a literal).
        weighted(1, fc.constantFrom(...names)),
        weighted(1, wrongValue),
      );
    }
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const shape: Record<string, fc.Arbitrary<Value>> = {};
      for (const field of fields) shape[field.name] = this.forType(field.type, field.name, ENTITY_OF_NAME[field.name] ?? entity, subscription);
      const required = fields.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined).map((field) => field.name);
      const record = fc.record(shape, { requiredKeys: required });
      return fc
        .tuple(record, rarely(fc.nat(), 25), rarely(fc.tuple(fc.constantFrom('bogus', '__proto__', 'constructor', '$where', 'regions_'), wrongValue), 25))
        .map(([value, drop, extra]) => {
          const object: Record<string, Value> = { ...value };
          // Now and then a required field goes missing, or one that does not exist comes along.
          if (drop !== null && required.length > 0) delete object[required[drop % required.length]!];
          if (extra) Object.defineProperty(object, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
          return object;
        });
    }
    if (isScalarType(type)) return this.scalar(type.name, name, entity, subscription);
    return wrongValue;
  }

  private scalar(scalar: string, name: string, entity: EntityHint, subscription: boolean): fc.Arbitrary<Value> {
    const lower = name.toLowerCase();
    const right = (): fc.Arbitrary<Value> => {
      switch (scalar) {
        case 'ID':
          return idValue(this.samples, ENTITY_OF_NAME[name] ?? entity);
        case 'Int':
          return lower === 'first' || lower === 'limit' ? pageSizeValue : lower === 'version' ? fc.oneof(fc.constantFrom(2025, 2024), intValue) : intValue;
        case 'Float':
          return floatValue;
        case 'Boolean':
          return fc.boolean();
        case 'DateTime':
          return dateValue;
        case 'String':
          if (lower.includes('creditcode')) return creditCodeValue(this.samples);
          if (lower === 'after') return subscription ? eventCursorValue : cursorValue(this.samples);
          if (lower === 'phone') return fc.oneof(fc.constantFrom('13800001234', '010-12345678'), stringValue);
          if (lower === 'code') return fc.oneof(fc.constantFrom('GF-2014-2603', 'JJJ-HT-2024-007', 'JJJ-TJ-HT-2024-001', 'JJJ-HE-HT-003'), stringValue);
          return stringValue;
        default:
          return wrongValue;
      }
    };
    return fc.oneof(weighted(40, right()), weighted(1, wrongValue));
  }
}

/* ---------- documents ---------- */

interface ArgumentNode {
  value: Value;
  /** In the document, or as a variable declared with its type, with another type, not at all, or with a default. */
  as: 'literal' | 'variable' | 'wrong-variable' | 'undeclared-variable' | 'default-variable';
  /** The argument's type as a variable declaration. */
  typeName: string;
  wrongType: string;
  /** Whether the variable's value is sent. */
  provided: boolean;
}

interface DirectiveNode {
  name: string;
  argument: ArgumentNode | null;
}

type SelectionNode =
  | { kind: 'field'; alias: string | null; name: string; args: Array<[string, ArgumentNode]>; directives: DirectiveNode[]; selections: SelectionNode[] | null }
  | { kind: 'inline'; on: string | null; directives: DirectiveNode[]; selections: SelectionNode[] }
  | { kind: 'spread'; on: string; directives: DirectiveNode[]; selections: SelectionNode[]; shape: 'plain' | 'cycle' | 'missing' | 'wrong-type' }
  | { kind: 'raw'; text: string };

const VARIABLE_TYPES = ['String', 'String!', 'Int', 'Int!', 'ID!', '[ID!]!', 'Boolean', 'Float', 'DateTime', 'Region', 'RecallFilter', 'RecallFilter!', 'ProductRecall', 'Unknown', '[[String]]'];

/** Prints a generated operation, numbering its variables and fragments and collecting their values. */
class Printer {
  private readonly definitions: string[] = [];
  readonly variables: Record<string, unknown> = {};
  private readonly fragments: string[] = [];
  private counter = 0;

  selections(nodes: readonly SelectionNode[]): string {
    return `{ ${nodes.map((node) => this.selection(node)).join(' ')} }`;
  }

  private selection(node: SelectionNode): string {
    switch (node.kind) {
      case 'raw':
        return node.text;
      case 'field': {
        const args = node.args.length > 0 ? `(${node.args.map(([name, argument]) => `${name}: ${this.argument(argument)}`).join(', ')})` : '';
        return `${node.alias ? `${node.alias}: ` : ''}${node.name}${args}${this.directives(node.directives)}${node.selections ? ` ${this.selections(node.selections)}` : ''}`;
      }
      case 'inline':
        return `...${node.on ? ` on ${node.on}` : ''}${this.directives(node.directives)} ${this.selections(node.selections)}`;
      case 'spread': {
        const name = `F${this.counter++}`;
        if (node.shape === 'missing') return `...Missing${name}`;
        const on = node.shape === 'wrong-type' ? (node.on === 'ProductRecall' ? 'RiskAlert' : 'ProductRecall') : node.on;
        const body = this.selections(node.selections);
        this.fragments.push(`fragment ${name} on ${on} ${node.shape === 'cycle' ? body.replace(/ }$/, ` ...${name} }`) : body}`);
        return `...${name}${this.directives(node.directives)}`;
      }
    }
  }

  private directives(directives: readonly DirectiveNode[]): string {
    return directives.map((directive) => ` @${directive.name}${directive.argument ? `(if: ${this.argument(directive.argument)})` : ''}`).join('');
  }

  private argument(argument: ArgumentNode): string {
    if (argument.as === 'literal') return literal(argument.value);
    const name = `v${this.counter++}`;
    if (argument.as === 'variable') this.definitions.push(`$${name}: ${argument.typeName}`);
    if (argument.as === 'wrong-variable') this.definitions.push(`$${name}: ${argument.wrongType}`);
    if (argument.as === 'default-variable') this.definitions.push(`$${name}: ${argument.typeName} = ${literal(argument.value)}`);
    if (argument.provided && argument.as !== 'default-variable') this.variables[name] = jsonOf(argument.value);
    return `$${name}`;
  }

  document(kind: GeneratedOperation['kind'], name: string | null, body: string, extraOperation: boolean, unusedVariable: boolean): string {
    if (unusedVariable) this.definitions.push(`$unused${this.counter++}: Int`);
    const header = name || this.definitions.length > 0 || kind !== 'query' ? `${kind}${name ? ` ${name}` : ''}${this.definitions.length > 0 ? `(${this.definitions.join(', ')})` : ''} ` : '';
    return [`${header}${body}`, ...(extraOperation ? ['query Other { __typename }'] : []), ...this.fragments].join('\n');
  }
}

function literal(value: Value): string {
  if (value instanceof EnumLiteral) return value.name;
  if (value instanceof RawLiteral) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{${Object.entries(value).map(([key, field]) => `${key}: ${literal(field)}`).join(', ')}}`;
}

function jsonOf(value: Value): unknown {
  if (value instanceof EnumLiteral) return value.name;
  if (value instanceof RawLiteral) return value.json;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(jsonOf);
  const object: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) Object.defineProperty(object, key, { value: jsonOf(field), enumerable: true, writable: true, configurable: true });
  return object;
}

const aliasName: fc.Arbitrary<string> = fc.oneof(weighted(6, fc.constantFrom('a', 'b', 'c', 'x1', 'first', 'id', 'node', 'data')), weighted(1, fc.constantFrom('__typename', '_', 'aliasWithAVeryLongNameThatGoesOnAndOnAndOn')));

const DEEP_INTROSPECTION = '__schema { types { name kind fields { name args { name type { name kind ofType { name kind ofType { name kind } } } } type { name kind ofType { name kind ofType { name } } } } } }';
const INTROSPECTION: string[] = [
  '__schema { queryType { name } mutationType { name } subscriptionType { name } }',
  '__schema { types { name kind } }',
  DEEP_INTROSPECTION,
  '__type(name: "ProductRecall") { name fields { name type { name kind } } }',
  '__type(name: "NoSuchType") { name }',
  '__type(name: "RecallFilter") { inputFields { name defaultValue type { name kind ofType { name } } } }',
  '__schema { directives { name locations args { name } } }',
];

/** Arbitraries of selections on each output type at each depth (built once per schema). */
class SelectionArbitraries {
  private readonly cache = new Map<string, fc.Arbitrary<SelectionNode[]>>();
  readonly values: ValueArbitraries;

  constructor(
    private readonly schema: GraphQLSchema,
    samples: FuzzSamples,
  ) {
    this.values = new ValueArbitraries(samples, schema);
  }

  argument(type: GraphQLInputType, name: string, entity: EntityHint, subscription: boolean): fc.Arbitrary<ArgumentNode> {
    return fc.record({
      value: this.values.forType(type, name, entity, subscription),
      as: fc.oneof(weighted(12, fc.constant('literal' as const)), weighted(6, fc.constant('variable' as const)), weighted(1, fc.constantFrom('wrong-variable' as const, 'undeclared-variable' as const, 'default-variable' as const))),
      typeName: fc.constant(String(type)),
      wrongType: fc.constantFrom(...VARIABLE_TYPES),
      provided: fc.oneof(weighted(20, fc.constant(true)), weighted(1, fc.constant(false))),
    });
  }

  private directive(): fc.Arbitrary<DirectiveNode> {
    const condition = this.argument(new GraphQLNonNull(this.schema.getType('Boolean') as GraphQLScalarType), 'if', null, false);
    return fc.oneof(
      weighted(40, fc.record({ name: fc.constantFrom('include', 'skip'), argument: condition })),
      weighted(1, fc.record({ name: fc.constantFrom('defer', 'stream', 'deprecated', 'bogus', 'cacheControl', 'specifiedBy'), argument: fc.option(condition) })),
      weighted(1, fc.record({ name: fc.constantFrom('include', 'skip'), argument: fc.constant(null) })),
    );
  }

  directives(): fc.Arbitrary<DirectiveNode[]> {
    return fc.oneof(
      weighted(40, fc.constant<DirectiveNode[]>([])),
      weighted(4, fc.uniqueArray(this.directive(), { minLength: 1, maxLength: 2, selector: (directive) => directive.name })),
      // A flood, repeating directives that may be used once.
      weighted(1, rarely(fc.array(this.directive(), { minLength: 3, maxLength: 30 }), 10).map((directives) => directives ?? [])),
    );
  }

  private field(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, depth: number, subscription: boolean): fc.Arbitrary<SelectionNode> {
    const named = getNamedType(field.type);
    const entity = ENTITY_OF_TYPE[named.name] ?? ENTITY_OF_TYPE[parent.name] ?? null;
    const args = fc
      .tuple(
        ...field.args.map((arg) => {
          const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
          return fc.option(this.argument(arg.type, arg.name, ENTITY_OF_NAME[arg.name] ?? entity, subscription).map((node) => [arg.name, node] as [string, ArgumentNode]), { freq: required ? 40 : 2 });
        }),
        rarely(fc.tuple(fc.constantFrom('bogus', 'first', 'id'), this.argument(this.schema.getType('Int') as GraphQLInputType, 'bogus', null, false)), 400),
      )
      .map((parts) => parts.filter((part): part is [string, ArgumentNode] => part !== null));
    const selections: fc.Arbitrary<SelectionNode[] | null> = isLeafType(named) ? fc.constant(null) : this.on(named as GraphQLObjectType, depth - 1, subscription);
    const wrongSelections: fc.Arbitrary<SelectionNode[] | null> = isLeafType(named) ? fc.constant<SelectionNode[]>([{ kind: 'raw', text: 'id' }]) : fc.constant(null);
    return fc.record<SelectionNode & { kind: 'field' }>({
      kind: fc.constant('field' as const),
      alias: rarely(aliasName, 8),
      name: fc.constant(field.name),
      args,
      directives: this.directives(),
      // Now and then a selection under a leaf, or none under an object.
      selections: fc.oneof(weighted(200, selections), weighted(1, wrongSelections)),
    });
  }

  /** One to a few selections on `type`, `depth` levels of fields deep at most (0: leaves only). */
  on(type: GraphQLObjectType, depth: number, subscription = false): fc.Arbitrary<SelectionNode[]> {
    const key = `${type.name}|${depth}|${subscription}`;
    let arbitrary = this.cache.get(key);
    if (arbitrary) return arbitrary;
    const fields = Object.values(type.getFields()).filter((field) => depth > 0 || isLeafType(getNamedType(field.type)));
    const fieldArbitraries = fields.map((field) => this.field(type, field, depth, subscription));
    const leafOnly = fields.length === 0;
    const plainField: fc.Arbitrary<SelectionNode> = leafOnly ? fc.constant({ kind: 'raw', text: '__typename' }) : fc.oneof(...fieldArbitraries);
    const plain = fc.array(plainField, { minLength: 1, maxLength: depth > 1 ? 3 : 4 });
    const selection: fc.Arbitrary<SelectionNode> = fc.oneof(
      weighted(30, plainField),
      weighted(2, fc.constant<SelectionNode>({ kind: 'raw', text: '__typename' })),
      weighted(1, rarely(fc.constantFrom<SelectionNode>({ kind: 'raw', text: 'noSuchField' }, { kind: 'raw', text: '__typename(x: 1)' }), 4).map((node): SelectionNode => node ?? { kind: 'raw', text: '__typename' })),
      weighted(3, fc.record({ kind: fc.constant('inline' as const), on: fc.oneof(weighted(10, fc.constantFrom(type.name, null)), weighted(1, fc.constantFrom(type.name === 'RiskAlert' ? 'ProductRecall' : 'RiskAlert', 'NoSuchType'))), directives: this.directives(), selections: plain })),
      weighted(3, fc.record({ kind: fc.constant('spread' as const), on: fc.constant(type.name), directives: this.directives(), selections: plain, shape: fc.oneof(weighted(12, fc.constant('plain' as const)), weighted(1, fc.constantFrom('cycle' as const, 'missing' as const, 'wrong-type' as const))) })),
    );
    // Siblings by distinct response names mostly (the same name with other arguments is a conflict validation refuses).
    const responseName = (node: SelectionNode) => (node.kind === 'field' ? (node.alias ?? node.name) : node.kind === 'raw' ? node.text : node);
    arbitrary = fc.oneof(weighted(20, fc.uniqueArray(selection, { minLength: 1, maxLength: depth > 1 ? 3 : 4, selector: responseName })), weighted(1, fc.array(selection, { minLength: 2, maxLength: 4 })));
    this.cache.set(key, arbitrary);
    return arbitrary;
  }

  /** Root fields of an operation type; introspection joins queries now and then. */
  root(kind: GeneratedOperation['kind'], depth: number): fc.Arbitrary<SelectionNode[]> {
    const type = kind === 'query' ? this.schema.getQueryType() : kind === 'mutation' ? this.schema.getMutationType() : this.schema.getSubscriptionType();
    const rootFields = this.on(type!, depth, kind === 'subscription');
    if (kind !== 'query') return fc.oneof(weighted(12, rootFields.map((selections) => selections.slice(0, 1))), weighted(1, rootFields));
    return fc.oneof(weighted(12, rootFields), weighted(1, fc.tuple(rootFields, fc.constantFrom(...INTROSPECTION)).map(([selections, text]) => [...selections, { kind: 'raw' as const, text }])));
  }
}

/** Documents built to hit a limit: alias, directive and token floods, doubling fragments, deep chains, huge literals. */
function attackDocument(samples: FuzzSamples): fc.Arbitrary<GeneratedOperation> {
  const query = (document: string): GeneratedOperation => ({ kind: 'query', document, variables: {}, operationName: null });
  const id = samples.ids.RCL[0]!;
  return fc.oneof(
    fc.integer({ min: 5, max: 60 }).map((count) => query(`{ ${Array.from({ length: count }, (_, i) => `s${i}: recallStatistics(groupBy: [REGION, CATEGORY]) { key { region category } count sum }`).join(' ')} }`)),
    fc.integer({ min: 5, max: 80 }).map((count) => query(`{ recalls(first: 1) { totalCount ${Array.from({ length: count }, () => '@include(if: true)').join(' ')} } }`)),
    fc.integer({ min: 2, max: 26 }).map((levels) => {
      const fragments = ['fragment F0 on ProductRecall { id productName }'];
      for (let level = 1; level <= levels; level++) fragments.push(`fragment F${level} on ProductRecall { ...F${level - 1} ...F${level - 1} }`);
      return query(`{ recalls(first: 1) { edges { node { ...F${levels} } } } } ${fragments.join(' ')}`);
    }),
    fc.integer({ min: 2, max: 16 }).map((levels) => {
      let selection = 'id';
      for (let level = 0; level < levels; level++) selection = level % 2 === 0 ? `manufacturerEnterprise { recalls { ${selection} } }` : `riskAlerts { relatedRecalls { ${selection} } }`;
      return query(`{ recall(id: "${id}") { ${selection} } }`);
    }),
    fc.integer({ min: 500, max: 6000 }).map((count) => query(`{ ${'__typename '.repeat(count)}}`)),
    fc.integer({ min: 1, max: 50 }).map((count) => query(`{ ${Array.from({ length: count }, (_, i) => `r${i}: recalls(first: 100) { edges { node { riskAlerts { relatedRecalls { manufacturerEnterprise { recalls { id } } } } } } }`).join(' ')} }`)),
    fc.constantFrom(200, 2000, 100_000).map((length) => query(`{ recalls(filter: { text: "${'搜'.repeat(length)}" }, first: 1) { totalCount } }`)),
    fc.integer({ min: 100, max: 2600 }).map((depth) => query(`{ recalls(first: ${'['.repeat(depth)}1${']'.repeat(depth)}) { totalCount } }`)),
    fc.constant(query(`{ recalls(first: 99999999999999999999999) { totalCount } recall(id: ${'9'.repeat(400)}) { id } }`)),
  );
}

/** Text broken as a client bug or an attacker would break it. */
function brokenDocument(): fc.Arbitrary<(document: string) => string> {
  return fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }).map((at) => (document: string) => document.slice(0, Math.floor(document.length * at))),
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('{', '}', '(', ')', '"', '$', '@', '...', '#', '\u0000', '\ud800', ':', '!', '[', 'query', '"""')).map(([at, junk]) => (document: string) => {
      const index = Math.floor(document.length * at);
      return document.slice(0, index) + junk + document.slice(index);
    }),
    fc.constantFrom(
      () => '',
      () => '   ',
      () => '# only a comment',
      () => 'query',
      () => '{}',
      () => '{ }',
      () => 'fragment F on ProductRecall { id }',
      () => 'type Query { x: Int }',
      () => 'schema { query: Query }',
      () => 'query Q { __typename } query Q { __typename }',
      (document: string) => `${document} ${document}`,
      (document: string) => document.replace(/[{}]/g, ''),
    ),
  );
}

/** A schema-aware operation (query, mutation or subscription), or one built to hit a limit. */
export function operationArbitrary(schema: GraphQLSchema, samples: FuzzSamples): fc.Arbitrary<GeneratedOperation> {
  const selections = new SelectionArbitraries(schema, samples);
  const depth = fc.oneof(weighted(3, fc.constant(1)), weighted(6, fc.constant(2)), weighted(6, fc.constant(3)), weighted(4, fc.constant(4)), weighted(2, fc.constant(5)));
  const generated = fc
    .record({
      kind: fc.oneof(weighted(14, fc.constant('query' as const)), weighted(3, fc.constant('mutation' as const)), weighted(2, fc.constant('subscription' as const))),
      depth,
      name: fc.option(fc.constantFrom('Fuzz', 'Q', 'recalls', 'query', '_1'), { freq: 2 }),
      extra: rarely(fc.constant(true), 40),
      unused: rarely(fc.constant(true), 30),
    })
    .chain(({ kind, depth: levels, name, extra, unused }) =>
      // Mutations and subscriptions select at most three levels: their payloads are records, not lists of lists.
      selections.root(kind, kind === 'query' ? levels : Math.min(levels, 3)).map((nodes): GeneratedOperation => {
        const printer = new Printer();
        const body = printer.selections(nodes);
        return { kind, document: printer.document(kind, name, body, extra !== null, unused !== null), variables: printer.variables, operationName: name };
      }),
    );
  return fc.oneof(weighted(20, generated), weighted(2, attackDocument(samples)), weighted(1, fc.tuple(generated, brokenDocument()).map(([operation, breakIt]) => ({ ...operation, document: breakIt(operation.document) }))));
}

/* ---------- requests ---------- */

const CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/graphql',
  'application/json; charset=iso-8859-1',
  'application/graphql-response+json',
  'application/xml',
  '*/*',
  'application/json, text/plain',
];

const ACCEPTS = ['application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', 'multipart/mixed; deferSpec=20220824, application/json', 'text/event-stream', 'text/html', '*/*', 'application/xml'];

/** Authorization header values that are not a valid token of this hub (no secret needed to make them). */
const RAW_AUTHORIZATIONS: string[] = (() => {
  const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { iss: 'jjj-hub', aud: 'jjj-hub-api', agency: 'bj-samr', agencyName: '北京', region: 'BJ', scopes: ['records:read', 'records:write'], kind: 'agency', exp: 4_102_444_800 };
  const unsigned = `${segment({ alg: 'none', typ: 'JWT' })}.${segment(claims)}.`;
  return [
    'Bearer',
    'Bearer ',
    'Bearer garbage',
    'Bearer a.b.c',
    'Bearer ...',
    'bearer x.y',
    'Basic dXNlcjpwYXNz',
    'Token abc',
    `Bearer ${unsigned}`,
    `Bearer ${segment({ alg: 'HS256', typ: 'JWT' })}.${segment(claims)}.${'A'.repeat(43)}`,
    `Bearer ${segment({ alg: 'RS256', typ: 'JWT', kid: 'nope' })}.${segment(claims)}.${'A'.repeat(342)}`,
    `Bearer ${segment({ alg: 'ES256', typ: 'JWT' })}.${segment({ ...claims, kind: 'service' })}.${'A'.repeat(86)}`,
    `Bearer ${segment({ alg: 'HS256' })}.${segment('not an object')}.sig`,
    `Bearer ${segment([1, 2])}.${segment(null)}.sig`,
    `Bearer ${'x'.repeat(6000)}`,
    'Bearer \u00ff\u00fe\u00fd',
    'Bearer one two',
    `Bearer ${'%'.repeat(40)}`,
  ];
})();

const callerArbitrary: fc.Arbitrary<FuzzCaller> = fc.oneof(
  weighted(9, fc.constantFrom(...REGIONS).map((region): FuzzCaller => ({ kind: 'agency', region }))),
  weighted(6, fc.constant<FuzzCaller>({ kind: 'public' })),
  weighted(1, fc.constant<FuzzCaller>({ kind: 'none' })),
  weighted(1, fc.constantFrom(...SIGNED_VARIANTS).map((variant): FuzzCaller => ({ kind: 'signed', variant }))),
  weighted(2, fc.constantFrom(...RAW_AUTHORIZATIONS).map((authorization): FuzzCaller => ({ kind: 'raw', authorization }))),
);

/** What goes around the operation in a JSON body: its name as sent, variables as sent, extensions. */
function payloadArbitrary(operations: fc.Arbitrary<GeneratedOperation>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      operation: operations,
      operationName: fc.oneof(weighted(12, fc.constant('as-declared' as const)), weighted(1, fc.constantFrom<unknown>('Nope', '', 'Other', 42, null, ['Fuzz'], { name: 'Fuzz' }))),
      variables: fc.oneof(weighted(14, fc.constant('as-generated' as const)), weighted(1, fc.constantFrom<unknown>(null, [], 'x', 42, '{"v0":1}', JSON.parse('{"__proto__":{"polluted":true},"extra":"unused"}')))),
      extraVariables: rarely(fc.dictionary(fc.constantFrom('v0', 'v1', 'v2', 'undeclared', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), 12),
      query: fc.oneof(weighted(30, fc.constant('as-generated' as const)), weighted(1, fc.constantFrom<unknown>(undefined, null, 42, ['{ __typename }'], { kind: 'Document' }, true))),
      extensions: rarely(fc.constantFrom<unknown>({ persistedQuery: { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' } }, { persistedQuery: { version: 2 } }, {}, [], 'x', { clientLibrary: { name: 'fuzz' } }), 20),
    })
    .map(({ operation, operationName, variables, extraVariables, query, extensions }) => {
      const payload: Record<string, unknown> = {};
      if (query === 'as-generated') payload.query = operation.document;
      else if (query !== undefined) payload.query = query;
      if (operationName === 'as-declared') {
        if (operation.operationName !== null) payload.operationName = operation.operationName;
      } else payload.operationName = operationName;
      if (variables === 'as-generated') {
        const merged = { ...operation.variables, ...(extraVariables ?? {}) };
        if (Object.keys(merged).length > 0) payload.variables = merged;
      } else payload.variables = variables;
      if (extensions !== null) payload.extensions = extensions;
      return payload;
    });
}

/** A JSON body, a batch, a body nested too deep for a recursive serializer, one over the size limit, or no JSON at all. */
function bodyArbitrary(payloads: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  return fc.oneof(
    weighted(40, payloads.map((payload) => JSON.stringify(payload))),
    weighted(2, fc.array(payloads, { minLength: 0, maxLength: 3 }).map((batch) => JSON.stringify(batch))),
    weighted(1, fc.tuple(payloads, fc.constantFrom(1000, 6000, 20_000, 60_000)).map(([payload, depth]) => {
      // Built as text: JSON.stringify itself cannot write what is this deep.
      const json = JSON.stringify({ ...payload, variables: undefined });
      return `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}"variables":{"v0":${'['.repeat(depth)}1${']'.repeat(depth)}}}`;
    })),
    weighted(1, fc.tuple(payloads, fc.constantFrom(200_000, 270_000, 600_000)).map(([payload, size]) => JSON.stringify({ ...payload, extensions: { padding: 'p'.repeat(size) } }))),
    weighted(2, fc.oneof(
      fc.constantFrom('', 'not json', '{', '{"query":', '{"query": "{ recalls', 'null', '"x"', '42', 'true', '{}', '[]', '[[]]', '\u0000', '\ufeff{"query":"{ __typename }"}', 'query=%7B__typename%7D', '{ __typename }', '{"query":"{ __typename }","query":"{ recalls(first: 1) { totalCount } }"}', '{"query":"{ __typename }"}garbage'),
      payloads.map((payload) => JSON.stringify(payload)).chain((json) => fc.nat(json.length).map((cut) => json.slice(0, cut))),
      fc.string({ unit: 'binary', maxLength: 64 }),
    )),
  );
}

function getSearch(payload: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(payload)) search.set(key, typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  return search.toString();
}

export interface FuzzRequestOptions {
  /** Share of requests sent over the WebSocket (0–1); default 0.05. */
  webSocketShare?: number;
  /** Share sent to the gateway with the production limits; default 0.2. */
  productionShare?: number;
}

/** Requests over HTTP (POST mostly, some GET) and over the WebSocket, from every kind of caller. */
export function fuzzRequestArbitrary(schema: GraphQLSchema, samples: FuzzSamples, options: FuzzRequestOptions = {}): fc.Arbitrary<FuzzRequest> {
  const scale = 1000;
  const webSocket = Math.round((options.webSocketShare ?? 0.05) * scale);
  const production = Math.round((options.productionShare ?? 0.2) * scale);
  const operations = operationArbitrary(schema, samples);
  const payloads = payloadArbitrary(operations);
  const gateway = production <= 0 ? fc.constant<FuzzGateway>('open') : production >= scale ? fc.constant<FuzzGateway>('production') : fc.oneof(weighted(scale - production, fc.constant<FuzzGateway>('open')), weighted(production, fc.constant<FuzzGateway>('production')));
  // Several copies at once now and then; bursts past the public rate and concurrency where the production limits hold.
  const copies = (request: { gateway: FuzzGateway; caller: FuzzCaller }) =>
    request.gateway === 'production' && request.caller.kind === 'public'
      ? fc.oneof(weighted(6, fc.constant(1)), weighted(2, fc.integer({ min: 2, max: 8 })), weighted(2, fc.integer({ min: 31, max: 40 })))
      : fc.oneof(weighted(25, fc.constant(1)), weighted(1, fc.integer({ min: 2, max: 8 })));
  const post = fc
    .record({
      transport: fc.constant('http' as const),
      gateway,
      caller: callerArbitrary,
      method: fc.constant('POST' as const),
      contentType: fc.oneof(weighted(30, fc.constant('application/json')), weighted(2, fc.constant('application/json; charset=utf-8')), weighted(1, fc.constant(null)), weighted(2, fc.constantFrom(...CONTENT_TYPES))),
      accept: fc.oneof(weighted(12, fc.constant(null)), weighted(1, fc.constantFrom(...ACCEPTS))),
      body: bodyArbitrary(payloads),
    })
    .chain((request) => copies(request).map((count): FuzzRequest => ({ ...request, copies: count })));
  const http: fc.Arbitrary<FuzzRequest> = fc.oneof(
    weighted(30, post),
    weighted(1, fc.record({
      transport: fc.constant('http' as const),
      gateway,
      caller: callerArbitrary,
      method: fc.constant('GET' as const),
      contentType: fc.constantFrom(null, 'application/json'),
      accept: fc.constantFrom(null, 'application/json', 'text/html'),
      body: payloads.map(getSearch),
      copies: fc.constant(1),
    })),
  );
  const ws: fc.Arbitrary<FuzzRequest> = fc.record({
    transport: fc.constant('ws' as const),
    gateway,
    caller: callerArbitrary,
    payload: fc.tuple(operations, rarely(fc.constantFrom('Nope', 'Other'), 10)).map(([operation, wrongName]) => ({
      query: operation.document,
      ...(Object.keys(operation.variables).length > 0 ? { variables: operation.variables } : {}),
      ...(wrongName ? { operationName: wrongName } : operation.operationName ? { operationName: operation.operationName } : {}),
    })),
  });
  if (webSocket <= 0) return http;
  if (webSocket >= scale) return ws;
  return fc.oneof(weighted(scale - webSocket, http), weighted(webSocket, ws));
}
