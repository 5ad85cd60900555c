// The recipes (deploy/recipes/): for each server version the federation runs, the configuration
// that publishes the seven contact categories and `administrators`. The operators page and the
// README show these very files, and the federation configures a host with each
// (scripts/federation/spec.ts), with RECIPE_DOMAIN replaced by the host's domain, where a test
// crawls it (test/federation/recipes.test.ts): the text shown is the text that was run.

/** The domain the recipes are written for; an operator, and the federation, write theirs in its place. */
export const RECIPE_DOMAIN = "example.org";

export interface Recipe {
  /** The software, as the operators page heads it. */
  title: string;
  /** The versions the federation runs it on. */
  ranOn: string;
  /** Its files in deploy/recipes/, the configuration first. */
  files: readonly string[];
}

export const RECIPES: readonly Recipe[] = [
  { title: "Prosody 0.12", ranOn: "Prosody 0.12.3", files: ["prosody-0.12.cfg.lua", "mod_serverinfo_administrators.lua"] },
  { title: "Prosody 13", ranOn: "Prosody 13.0.1", files: ["prosody-13.cfg.lua"] },
  { title: "ejabberd", ranOn: "ejabberd 23.01 and ejabberd 24.12", files: ["ejabberd.yml"] },
];

export const README_RECIPES_START = "<!-- recipes: generated from deploy/recipes by npm run readme:recipes -->";
export const README_RECIPES_END = "<!-- /recipes -->";

/** The README with its recipes section replaced by the files' current text (`read` gives a file of deploy/recipes/). */
export function withRecipes(readme: string, read: (file: string) => string): string {
  const start = readme.indexOf(README_RECIPES_START);
  const end = readme.indexOf(README_RECIPES_END);
  if (start < 0 || end < start) throw new Error("the README has no recipes markers");
  const fence = (file: string) => (file.endsWith(".yml") ? "yaml" : "lua");
  const sections = RECIPES.map((r) =>
    [
      `**${r.title}** (run on ${r.ranOn}):`,
      ...r.files.map((file) => [`\`deploy/recipes/${file}\`:`, "", `\`\`\`${fence(file)}`, read(file).trimEnd(), "```"].join("\n")),
    ].join("\n\n"),
  );
  return readme.slice(0, start) + [README_RECIPES_START, ...sections, README_RECIPES_END].join("\n\n") + readme.slice(end + README_RECIPES_END.length);
}
