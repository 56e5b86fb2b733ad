import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { REPO_ROOT } from './schema.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
let validate: ValidateFunction | undefined;

/**
 * The SARIF 2.1.0 JSON schema as the SARIF SDK ships it (sarif-2.1.0.json from @microsoft/sarif-multitool-linux 5.7.0,
 * MIT, copied byte for byte to test/fixtures/sarif/). It declares JSON Schema 2020-12, hence Ajv2020.
 */
export function sarifValidator(): ValidateFunction {
  if (!validate) {
    const schema = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  return validate;
}
