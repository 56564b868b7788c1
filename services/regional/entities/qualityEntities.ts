/** The quality-infrastructure entities (issue 21), listed once for the regional schema (schema.ts). */
import { resolveInspectionComparisonReference } from './inspectionComparison/inspectionComparison.reference';
import { InspectionComparisonResolver } from './inspectionComparison/inspectionComparison.resolver';
import { resolveGeographicalIndicationReference } from './geographicalIndication/geographicalIndication.reference';
import { GeographicalIndicationResolver } from './geographicalIndication/geographicalIndication.resolver';
import { resolveInspectionReference } from './inspection/inspection.reference';
import { InspectionResolver } from './inspection/inspection.resolver';
import { ExaminerNoticeResolver } from './licenceReview/examinerNotice.resolver';
import { resolveLicenceReviewReference } from './licenceReview/licenceReview.reference';
import { LicenceReviewResolver } from './licenceReview/licenceReview.resolver';

export const QUALITY_RESOLVERS: Function[] = [InspectionComparisonResolver, GeographicalIndicationResolver, InspectionResolver, LicenceReviewResolver, ExaminerNoticeResolver];

export const QUALITY_REFERENCE_RESOLVERS: Record<string, unknown> = {
  InspectionComparison: resolveInspectionComparisonReference,
  GeographicalIndication: resolveGeographicalIndicationReference,
  Inspection: resolveInspectionReference,
  LicenceReview: resolveLicenceReviewReference,
};
