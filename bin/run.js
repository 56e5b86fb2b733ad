#!/usr/bin/env node
// Runs the plugin's own commands without the sf CLI, as Salesforce's plugins do (oclif bin).
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
