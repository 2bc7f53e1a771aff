// Peer benchmark: the need-to-know access check written as a Casbin ABAC model
// and decided by Casbin's enforcer (npm casbin), timed on the checks that
// `bench_policy --emit` wrote.  Usage: node casbin.mjs INPUT.jsonl [--seconds S]
import { newEnforcer, newModelFromString } from 'casbin';
import { bench, packageVersion } from './harness.mjs';

const SENSITIVE = ['health', 'special_other', 'criminal'];

// No policy lines: the whole rule is the matcher, over the attributes of the
// user (r.sub) and of the entry with its consents and the date (r.obj).
// `in` binds more loosely than && in Casbin's matchers, hence its parentheses.
const MODEL = `
[request_definition]
r = sub, obj

[policy_definition]
p = sub, obj

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = (r.sub.role in ('lead', 'directly_involved', 'substitute')) && !r.obj.restricted && \
    (!sensitive(r.obj.categories) || r.obj.holder == r.sub.org || r.obj.disclosed || \
     consented(r.sub.org, r.obj))
`;

const isSensitive = (category) => SENSITIVE.includes(category);

// The matcher language cannot loop, so these two are registered functions.
function sensitive(categories) {
  return categories.some(isSensitive);
}

// Every subject of the entry has a valid consent releasing it to `org`, and
// has not withdrawn one to `org` (a withdrawal ends the subject's consents).
function consented(org, obj) {
  const needed = obj.categories.filter(isSensitive);
  return obj.subjects.every((subject) =>
    !obj.consents.some((c) => c.subject === subject && c.withdrawn && c.recipients.includes(org))
    && obj.consents.some((c) =>
      c.subject === subject && c.valid
      && (c.valid_until === null || c.valid_until >= obj.date)
      && c.recipients.includes(org)
      && (c.categories === null || needed.every((k) => c.categories.includes(k)))));
}

const enforcer = await newEnforcer(newModelFromString(MODEL));
await enforcer.addFunction('sensitive', sensitive);
await enforcer.addFunction('consented', consented);

function setup(lines) {
  return {
    requests: lines.map((l) => [l.user, { ...l.entry, consents: l.consents, date: l.date }]),
    model: 'One Casbin ABAC matcher over request attributes (r = sub, obj; no policy lines), '
      + 'with "has a sensitive category" and "every subject has a valid consent releasing the '
      + 'entry to the user\'s organisation, and has withdrawn none to it" as functions '
      + 'registered with addFunction, '
      + 'decided by enforceSync.',
  };
}

function decide([sub, obj]) {
  return enforcer.enforceSync(sub, obj);
}

bench({ engine: 'casbin', version: packageVersion('casbin'), setup, decide });
