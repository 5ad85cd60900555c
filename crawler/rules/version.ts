// The version of the rules that judge a stored report: its verdict (verdict.ts), what changed since
// the domain's probe before it (changes.ts) and its operators (operators.ts). Each probe is stored
// with the version that judged it, and the crawl judges again every stored probe an older version
// judged (crawl/record.ts rejudgeStored), once, when it opens.
//
// Bump it by one in the change that makes the rules judge a stored report differently: a rule
// added, removed or changed in severity, a new verdict field, another reading of operators or of
// changes. A change that judges every report as before (wording of a fix, a spec quotation) keeps it.
export const RULES_VERSION = 1;
