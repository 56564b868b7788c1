import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, visit, type DocumentNode, type ExecutionArgs, type FormattedExecutionResult } from 'graphql';
import type { Identity } from '../platform/identity';
import type { GatewayContext } from './router/regionRouterDataSource';

/**
 * What the public kind of caller learns about the schema beyond what it runs. In production (PUBLIC_SCHEMA_DETAILS
 * off) a public token may not introspect (`__schema`, `__type`: refused with INTROSPECTION_DISABLED, HTTP 400) and
 * error messages carry no "Did you mean …" suggestions (which name fields, arguments, types and enum values the
 * caller did not ask for). Agency tokens keep both, in every mode; `__typename` stays open to everyone.
 *
 * Apollo Server's `introspection` and `hideSchemaDetailsFromClientErrors` hold for every caller, and its validation
 * rules see no caller (and their verdict is cached per document): so the check runs per request, after validation,
 * in a plugin, and the suggestions are cut from the errors before they are formatted. The WebSocket path asks the
 * same Apollo server's setting (`guardSchemaDetails`, `hideSchemaDetails`), so both transports answer alike.
 */
export const INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);
/** graphql-js appends its suggestions as ` Did you mean "a", "b", or "c"?` (also `the enum value "X"`). */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** Whether the document selects `__schema` or `__type` anywhere (aliased, in fragments). */
export function selectsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (!INTROSPECTION_FIELDS.has(node.name.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** The refusal; over HTTP it carries its status for Apollo (which takes `http` out of the extensions it sends). */
export function introspectionDisabledError(transport: 'http' | 'ws'): GraphQLError {
  return new GraphQLError('生产环境中公众令牌不可使用内省查询（__schema、__type）。Introspection is not available to public tokens in production.', {
    extensions: { code: INTROSPECTION_DISABLED, ...(transport === 'http' ? { http: { status: 400 } } : {}) },
  });
}

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/** Whether `identity` is kept from the schema's details under `hideFromPublic` (the public kind only). */
function hiddenFor(hideFromPublic: boolean, identity: Identity | undefined): boolean {
  return hideFromPublic && identity?.kind === 'public';
}

/** The setting of each Apollo server this module's plugin was installed on (read by the WebSocket path). */
const SETTINGS = new WeakMap<object, boolean>();

/**
 * The Apollo Server plugin: for a public identity under `hideFromPublic`, introspection is refused once the
 * operation is resolved (on every request, whether or not Apollo had the document cached) and every error's
 * message loses its suggestions before it is formatted. `register` ties the setting to the server for the WebSocket.
 */
export function publicSchemaDetailsPlugin(hideFromPublic: boolean): ApolloServerPlugin<GatewayContext> & { register(server: object): void } {
  return {
    register(server) {
      SETTINGS.set(server, hideFromPublic);
    },
    async requestDidStart({ contextValue }) {
      if (!hiddenFor(hideFromPublic, contextValue.identity)) return;
      return {
        async didResolveOperation({ document }) {
          if (selectsIntrospection(document)) throw introspectionDisabledError('http');
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = withoutSuggestions(error.message);
        },
      };
    },
  };
}

/**
 * The WebSocket's parse and validation outcome (graphql-ws `onSubscribe`) as HTTP would answer it for `identity`
 * on `apollo`: suggestions cut from validation errors, introspection refused.
 */
export function guardSchemaDetails(apollo: object, identity: Identity, outcome: ExecutionArgs | readonly GraphQLError[]): ExecutionArgs | readonly GraphQLError[] {
  if (!hiddenFor(SETTINGS.get(apollo) ?? false, identity)) return outcome;
  if (!('document' in outcome)) {
    return outcome.map((error) => new GraphQLError(withoutSuggestions(error.message), { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: error.extensions }));
  }
  return selectsIntrospection(outcome.document) ? [introspectionDisabledError('ws')] : outcome;
}

/** A WebSocket result (graphql-ws `onNext`) as HTTP would answer it for `identity` on `apollo`: no suggestions. */
export function hideSchemaDetails(apollo: object, identity: Identity | undefined, result: FormattedExecutionResult): FormattedExecutionResult {
  if (!result.errors || !hiddenFor(SETTINGS.get(apollo) ?? false, identity)) return result;
  return { ...result, errors: result.errors.map((error) => ({ ...error, message: withoutSuggestions(error.message) })) };
}
