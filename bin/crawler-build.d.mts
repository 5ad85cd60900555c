// The types of crawler-build.mjs, for the tests that use it.
export declare const PROJECT_ROOT: string;
export declare const BUILD_DIR: string;
export declare const STAMP: string;
export declare function staleness(root?: string): string | undefined;
export declare function buildCrawler(root?: string): void;
