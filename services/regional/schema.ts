import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import type { RegionalContext } from './context';
import { AuditLogResolver } from './entities/audit/auditLog.resolver';
import { CalendarYearsResolver } from './calendar/calendarYears.resolver';
import { ComplaintDeadlineFieldsResolver } from './calendar/complaintDeadlines.resolver';
import { resolveComplaintReference } from './entities/complaint/complaint.reference';
import { ConsumerComplaintResolver } from './entities/complaint/complaint.resolver';
import { resolveContractTemplateReference } from './entities/contractTemplate/contractTemplate.reference';
import { ContractTemplateResolver } from './entities/contractTemplate/contractTemplate.resolver';
import { resolveEnterpriseReference } from './entities/enterprise/enterprise.reference';
import { EnterpriseResolver } from './entities/enterprise/enterprise.resolver';
import { resolveRecallReference } from './entities/recall/recall.reference';
import { resolveRiskAlertReference } from './entities/riskAlert/riskAlert.reference';
import { RiskAlertResolver } from './entities/riskAlert/riskAlert.resolver';
import { ProductRecallResolver } from './entities/recall/recall.resolver';
import { QUALITY_REFERENCE_RESOLVERS, QUALITY_RESOLVERS } from './entities/qualityEntities';
import { resolveEnforcementCaseReference, resolvePenaltyNoticeReference } from './entities/enforcementCase/enforcementCase.reference';
import { EnforcementCaseResolver } from './entities/enforcementCase/enforcementCase.resolver';
import { PenaltyNoticeResolver } from './entities/enforcementCase/penaltyNotice.resolver';
import { resolveAssistanceRequestReference } from './entities/assistanceRequest/assistanceRequest.reference';
import { AssistanceRequestResolver } from './entities/assistanceRequest/assistanceRequest.resolver';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@inaccessible"])';

const RESOLVERS: NonEmptyArray<Function> = [
  RiskAlertResolver,
  ProductRecallResolver,
  ContractTemplateResolver,
  ConsumerComplaintResolver,
  EnterpriseResolver,
  AuditLogResolver,
  CalendarYearsResolver,
  ComplaintDeadlineFieldsResolver,
  ...QUALITY_RESOLVERS,
  EnforcementCaseResolver,
  PenaltyNoticeResolver,
  AssistanceRequestResolver,
];

type ReferenceResolver = (reference: never, context: RegionalContext) => Promise<unknown>;

/** Entity name → its `__resolveReference` (each loads through a per-request DataLoader). */
const REFERENCE_RESOLVERS: Record<string, ReferenceResolver> = {
  RiskAlert: resolveRiskAlertReference as ReferenceResolver,
  ProductRecall: resolveRecallReference as ReferenceResolver,
  Enterprise: resolveEnterpriseReference as ReferenceResolver,
  ConsumerComplaint: resolveComplaintReference as ReferenceResolver,
  ContractTemplate: resolveContractTemplateReference as ReferenceResolver,
  ...(QUALITY_REFERENCE_RESOLVERS as Record<string, ReferenceResolver>),
  EnforcementCase: resolveEnforcementCaseReference as ReferenceResolver,
  PenaltyNotice: resolvePenaltyNoticeReference as ReferenceResolver,
  AssistanceRequest: resolveAssistanceRequestReference as ReferenceResolver,
};

let cached: Promise<{ schema: GraphQLSchema; sdl: string }> | undefined;

/** The regional subgraph schema: type-graphql classes printed with their directives, then built as a Federation 2 subgraph. */
export function buildRegionalSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  cached ??= (async () => {
    const typeGraphqlSchema = await buildSchema({
      resolvers: RESOLVERS,
      scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
      validate: false,
    });
    const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
    const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, Record<string, unknown>>;
    for (const [typeName, resolveReference] of Object.entries(REFERENCE_RESOLVERS)) {
      resolvers[typeName] = { ...(resolvers[typeName] ?? {}), __resolveReference: resolveReference };
    }
    const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
    return { schema, sdl };
  })();
  return cached;
}
