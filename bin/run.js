#!/usr/bin/env node
// Runs the plugin's own commands without the sf CLI, as Salesforce's plugins do (oclif bin).
import { requireSupportedNode } from './node-version.js';

requireSupportedNode(new URL('../package.json', import.meta.url));
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
