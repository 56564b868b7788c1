import type { RegionCode } from '../../../../kernel';
import type { RegionalContext } from '../../context';
import type { Region } from '../../graphql/enums';
import type { ComparisonParticipantDocument, InspectionComparisonDocument } from '../../model';
import type { ComparisonParticipant } from './inspectionComparison.type';

/**
 * Who sees a participating laboratory by name: agencies of the organising region see every laboratory of the round;
 * any other agency sees the laboratories of its own region by name and the others only by their code (实验室A …),
 * which stays the same for the round whoever asks. The service identity (the gateway's own checks) sees names.
 */
export function maySeeLaboratory(round: InspectionComparisonDocument, laboratoryRegion: RegionCode, context: RegionalContext): boolean {
  const caller = context.caller;
  if (caller?.kind === 'service') return true;
  if (caller?.kind !== 'agency' || !caller.region) return false;
  return caller.region === round.region || caller.region === laboratoryRegion;
}

export function participantsFor(round: InspectionComparisonDocument, context: RegionalContext): ComparisonParticipant[] {
  return round.participants.map((participant: ComparisonParticipantDocument) => {
    const visible = maySeeLaboratory(round, participant.region, context);
    return {
      code: participant.code,
      name: visible ? participant.name : null,
      displayName: visible ? participant.name : participant.code,
      identityMasked: !visible,
      region: participant.region as unknown as Region,
      accreditationNumber: visible ? participant.accreditationNumber : null,
      result: participant.result,
      reportedAt: participant.reportedAt,
      zScore: participant.zScore,
      outcome: participant.outcome,
    };
  });
}
