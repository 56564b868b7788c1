import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Connection, Edge, PageInfo as PageInfoFields } from '../data/keysetPage';

@ObjectType({ description: 'Relay page information; cursors are keyset cursors valid in every region.' })
export class PageInfo implements PageInfoFields {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** A Relay connection type (`{Name}Connection` with `{Name}Edge`) for one node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field(() => String, { description: 'Keyset cursor: base64url of [sortValue, id]' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass implements Connection<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of records matching the filter (all pages)' })
    totalCount!: number;
  }
  return ConnectionClass;
}
