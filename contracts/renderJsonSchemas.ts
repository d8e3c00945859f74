import { z } from 'zod';
import { JSON_SCHEMA_TARGETS } from './jsonSchemaTargets.ts';

/** The JSON Schema file contents for every contract, keyed by file name (`<name>.schema.json`). */
export function renderJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, schema] of Object.entries(JSON_SCHEMA_TARGETS)) {
    // refinements (field required at top level, under data or under payload) cannot be expressed; "any" keeps them permissive
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    files.set(`${name}.schema.json`, `${JSON.stringify({ title: name, ...json }, null, 2)}\n`);
  }
  return files;
}
