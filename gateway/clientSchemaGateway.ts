import type { ApolloGateway } from '@apollo/gateway';
import type { GatewayInterface, GatewayLoadResult, GatewaySchemaLoadOrUpdateCallback, GatewayUnsubscriber } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/** Only `__schema` / `__type` / `__typename` at the root: answered from the client schema, no region involved. */
function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__'));
}

/**
 * Apollo Gateway as Apollo Server sees it, but announcing the client API schema (the supergraph's API plus the
 * contract's subscriptions) instead of the supergraph's own, so HTTP introspection, GraphiQL and codegen see
 * the same schema the WebSocket server serves. Execution stays the gateway's: it plans against its supergraph.
 */
export class ClientSchemaGateway implements GatewayInterface {
  constructor(
    private readonly inner: ApolloGateway,
    private readonly clientSchema: GraphQLSchema,
  ) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): GatewayUnsubscriber {
    return this.inner.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => callback({ apiSchema: this.clientSchema, coreSupergraphSdl }));
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    if (!executor) return { executor };
    return {
      // The gateway answers introspection from its own (subscription-less) schema; ours lists the subscriptions.
      executor: async (requestContext) => {
        // No operation when the operation name matches none (or is ""): Apollo Server answers the error returned here
        // as OPERATION_RESOLUTION_FAILURE (400); Apollo Gateway's executor would report it with HTTP 500, or run the
        // document's only operation for "".
        if (!requestContext.operation) {
          const name = requestContext.request.operationName;
          return { errors: [new GraphQLError(name ? `Unknown operation named "${name}".` : 'Must provide operation name if query contains multiple operations.')] };
        }
        return isIntrospectionOnly(requestContext.operation)
          ? await execute({ schema: this.clientSchema, document: requestContext.document, variableValues: requestContext.request.variables, operationName: requestContext.request.operationName })
          : executor(requestContext);
      },
    };
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
