// The types of crawler-build.mjs, for the tests and benchmarks that use it.
import type { BuildOptions } from "esbuild";

export declare const PROJECT_ROOT: string;
export declare const BUILD_DIR: string;
export declare const STAMP: string;
export declare const BUNDLE_OPTIONS: BuildOptions;
export declare function staleness(root?: string): string | undefined;
export declare function buildCrawler(root?: string): Promise<void>;
