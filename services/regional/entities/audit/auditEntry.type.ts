import { Field, ObjectType } from 'type-graphql';
import { Region } from '../../graphql/enums';

@ObjectType({ description: 'Who read personal data or changed a record, kept by the region that owns the record (AUDIT_LOG_RETENTION_DAYS)' })
export class AuditEntry {
  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  agency!: string;

  @Field(() => String)
  agencyName!: string;

  @Field(() => Region, { nullable: true })
  agencyRegion!: Region | null;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of the district or county bureau (区/县市场监管局) that acted, when it was one' })
  agencyDistrict!: string | null;

  @Field(() => String, {
    description:
      'READ_PERSONAL_DATA, CREATE, UPDATE or TRANSITION; PERSONAL_DATA_ANONYMISED (the region’s own job, agency jjj-hub-<region>, anonymised the record’s personal data after its retention period); ' +
      'AUDIT_ENTRIES_DELETED (the job deleted entries past AUDIT_LOG_RETENTION_DAYS: the count and cutoff in detail, entity AuditLog, recordId auditLog); ' +
      'EXPORT (a bulk export through the gateway, one entry per export: recordId the list, e.g. recalls; the filter, the order, the rows this region served and how many had personal data masked in detail)',
  })
  action!: string;

  @Field(() => String)
  entity!: string;

  @Field(() => String)
  recordId!: string;

  @Field(() => String)
  detail!: string;
}
