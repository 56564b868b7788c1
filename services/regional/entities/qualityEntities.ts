/** The quality-infrastructure entities (issue 21), listed once for the regional schema (schema.ts). */
import { resolveInspectionComparisonReference } from './inspectionComparison/inspectionComparison.reference';
import { InspectionComparisonResolver } from './inspectionComparison/inspectionComparison.resolver';

export const QUALITY_RESOLVERS: Function[] = [InspectionComparisonResolver];

export const QUALITY_REFERENCE_RESOLVERS: Record<string, unknown> = {
  InspectionComparison: resolveInspectionComparisonReference,
};
