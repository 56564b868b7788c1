/** A MongoDB URI without its password (user names and hosts stay: they tell an operator which deployment it is). */
export function redactedUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]+):[^@/]*@/, '$1:***@');
}
