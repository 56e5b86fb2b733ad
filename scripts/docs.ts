// Renders the pages that are generated from code: docs/platform-rules.md from src/shared/platformRules.ts.
import { writeFileSync } from 'node:fs';
import { renderPlatformRules } from '../src/shared/platformRules.js';

writeFileSync(new URL('../docs/platform-rules.md', import.meta.url), renderPlatformRules());
