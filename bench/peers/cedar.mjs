// Peer benchmark: the need-to-know access check written as a Cedar policy and
// decided by Cedar's own engine (npm @cedar-policy/cedar-wasm), timed on the
// checks that `bench_policy --emit` wrote.  Usage: node cedar.mjs INPUT.jsonl [--seconds S]
import cedar from '@cedar-policy/cedar-wasm/nodejs';
import { bench, packageVersion } from './harness.mjs';

const SENSITIVE = ['health', 'special_other', 'criminal'];
const POLICY_SET = 'need_to_know';

// Cedar cannot quantify over a set of records, so each entry carries its
// subjects in slots s0.. and its consents in slots c0.., and the policy spells
// out "every subject slot in use has a consent slot that releases the entry,
// and no consent slot of that subject withdrawn for the user's organisation".
function policy(subjectSlots, consentSlots) {
  const releases = (j, s) => {
    const c = `resource.c${j}`;
    const covers = SENSITIVE.map(
      (k) => `(!resource.categories.contains("${k}") || ${c}.categories.contains("${k}"))`);
    return `(resource has c${j} && ${c}.subject == resource.s${s} && ${c}.valid`
      + ` && (!(${c} has until) || context.date <= ${c}.until)`
      + ` && ${c}.recipients.contains(principal.org)`
      + ` && (!(${c} has categories) || (${covers.join(' && ')})))`;
  };
  const withdrawn = (j, s) => `(resource has c${j} && resource.c${j}.subject == resource.s${s}`
    + ` && resource.c${j}.withdrawn && resource.c${j}.recipients.contains(principal.org))`;
  const subjects = [];
  for (let s = 0; s < subjectSlots; s++) {
    const any = [];
    const ended = [];
    for (let j = 0; j < consentSlots; j++) {
      any.push(releases(j, s));
      ended.push(withdrawn(j, s));
    }
    subjects.push(`(!(resource has s${s}) ||\n      (!(${ended.join(' || ')}) &&\n      (${any.join(' ||\n      ')})))`);
  }
  return `permit (principal, action == Action::"view", resource)
when {
  ["lead", "directly_involved", "substitute"].contains(principal.role) &&
  !resource.restricted &&
  (!resource.categories.containsAny(${JSON.stringify(SENSITIVE)}) ||
   resource.holder == principal.org ||
   resource.disclosed ||
   (${subjects.join(' &&\n    ')}))
};
`;
}

// One input line as a Cedar request with its two entities.
function request(line) {
  const entry = {
    categories: line.entry.categories,
    holder: line.entry.holder,
    restricted: line.entry.restricted,
    disclosed: line.entry.disclosed,
  };
  line.entry.subjects.forEach((s, i) => { entry[`s${i}`] = s; });
  line.consents.forEach((c, j) => {
    const slot = {
      subject: c.subject, valid: c.valid, withdrawn: c.withdrawn, recipients: c.recipients,
    };
    if (c.valid_until !== null) slot.until = c.valid_until;
    if (c.categories !== null) slot.categories = c.categories;
    entry[`c${j}`] = slot;
  });
  const user = { type: 'User', id: 'u' };
  const resource = { type: 'Entry', id: 'e' };
  return {
    principal: user,
    action: { type: 'Action', id: 'view' },
    resource,
    context: { date: line.date },
    preparsedPolicySetId: POLICY_SET,
    entities: [
      { uid: user, attrs: { org: line.user.org, role: line.user.role }, parents: [] },
      { uid: resource, attrs: entry, parents: [] },
    ],
  };
}

function setup(lines) {
  const subjectSlots = Math.max(...lines.map((l) => l.entry.subjects.length));
  const consentSlots = Math.max(...lines.map((l) => l.consents.length));
  const parsed = cedar.preparsePolicySet(POLICY_SET,
    { staticPolicies: policy(subjectSlots, consentSlots) });
  if (parsed.type !== 'success') throw new Error(JSON.stringify(parsed.errors));
  return {
    requests: lines.map(request),
    model: `One Cedar permit policy, parsed once (preparsePolicySet); each entry is an entity `
      + `with ${subjectSlots} subject slots and ${consentSlots} consent slots (record attributes), `
      + `and the policy expands "every subject has a valid consent releasing the entry to the `
      + `user's organisation, and has withdrawn none to it" over subjects × slots `
      + `(${2 * subjectSlots * consentSlots} clauses); `
      + `each call (statefulIsAuthorized) passes the user and entry entities and the date, which `
      + `the package JSON-encodes and Cedar parses again on every call (no entity store lasts `
      + `between calls), most of Cedar's time per call.`,
  };
}

function decide(req) {
  const answer = cedar.statefulIsAuthorized(req);
  if (answer.type !== 'success') throw new Error(JSON.stringify(answer.errors));
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length) throw new Error(JSON.stringify(diagnostics.errors));
  return decision === 'allow';
}

bench({ engine: 'cedar-wasm', version: packageVersion('@cedar-policy/cedar-wasm'), setup, decide });
