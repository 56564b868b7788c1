import { Directive, Field, ObjectType } from 'type-graphql';
import type { EnterpriseDocument } from '../../model';
import { Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';

@Directive('@key(fields: "creditCode")')
@ObjectType({ description: '市场主体: an enterprise, kept by the region of its registration office' })
export class Enterprise {
  @Field(() => String, { description: 'Unified social credit code (统一社会信用代码); characters 3–4 give the registration region' })
  creditCode!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Region, { description: 'Region of the registration office, read from the credit code' })
  registrationRegion!: Region;

  @Field(() => String)
  address!: string;

  @Field(() => String, { description: '法定代表人' })
  legalRepresentative!: string;

  @Field(() => String, { description: 'Industry in the words of GB/T 4754, e.g. 电动自行车制造' })
  industry!: string;

  @Field(() => Date)
  establishedAt!: Date;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const EnterpriseConnection = ConnectionType(Enterprise, 'Enterprise');

export function enterpriseNode(document: EnterpriseDocument): Enterprise {
  return { ...document, creditCode: document._id, registrationRegion: document.registrationRegion as unknown as Region };
}
