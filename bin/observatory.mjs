#!/usr/bin/env node
// The observatory command: runs the TypeScript sources through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../crawler/cli/main.ts");
process.exitCode = await main(process.argv);
