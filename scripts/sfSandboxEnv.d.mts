/** See sfSandboxEnv.mjs. */
export declare function sfSandboxEnv(home: string, pathFirst?: string[], base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
