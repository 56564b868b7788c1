import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: typed documents (client preset) for the operations in clients/operations, generated from the
 * committed API schema (queries, mutations and the gateway's subscriptions). Tests use them, and so can frontends.
 */
// CODEGEN_SCHEMA_URL (+ CODEGEN_TOKEN, any agency or public token) reads the schema from a live gateway instead.
const liveSchema = process.env.CODEGEN_SCHEMA_URL
  ? { [process.env.CODEGEN_SCHEMA_URL]: { headers: { authorization: `Bearer ${process.env.CODEGEN_TOKEN ?? ''}` } } }
  : undefined;

const config: CodegenConfig = {
  schema: liveSchema ?? 'schema/api.graphql',
  documents: ['clients/operations/**/*.graphql'],
  generates: {
    // CODEGEN_OUT lets the staleness test generate into a scratch folder.
    [process.env.CODEGEN_OUT ?? 'clients/generated/']: {
      preset: 'client',
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
  ignoreNoDocuments: false,
};

export default config;
