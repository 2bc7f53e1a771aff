/*
 * facts.c — defaults of the contract and facts derived once per evaluation.
 *
 * decision-api.md gives some facts a default from the organisation kind
 * (public authority, secrecy regime, criminal justice). For a member of the
 * Regional Safety Team the kind whose powers are used is the mother
 * organisation (`acting_for`). These defaults live here, once, and rules
 * read the derived values from struct eval.
 */
#include "eval.h"

#include <string.h>

void zv_situation_init(struct zv_situation *s)
{
	memset(s, 0, sizeof *s);
	s->counterparty.person = -1;
}

bool zv_org_is_public_authority(enum zv_org k)
{
	switch (k) {
	case ZV_ORG_LOCAL_TEAM:
	case ZV_ORG_REGIONAL_SAFETY_TEAM:
	case ZV_ORG_VEILIG_THUIS:
	case ZV_ORG_RVDK:
	case ZV_ORG_GI:
	case ZV_ORG_MUNICIPALITY:
	case ZV_ORG_MINISTRY:
	case ZV_ORG_POLICE:
	case ZV_ORG_OM:
		return true;
	default:
		return false;
	}
}

enum zv_secrecy zv_org_default_secrecy(enum zv_org k)
{
	switch (k) {
	case ZV_ORG_VEILIG_THUIS:
		return ZV_SECRECY_WMO;
	case ZV_ORG_LOCAL_TEAM:
	case ZV_ORG_RVDK:
	case ZV_ORG_GI:
	case ZV_ORG_YOUTH_CARE:
		return ZV_SECRECY_JEUGDWET;
	case ZV_ORG_GGZ:
	case ZV_ORG_GP:
	case ZV_ORG_HOSPITAL:
		return ZV_SECRECY_BIG;
	default:
		return ZV_SECRECY_NONE;
	}
}

bool zv_org_is_criminal_justice(enum zv_org k)
{
	return k == ZV_ORG_POLICE || k == ZV_ORG_OM || k == ZV_ORG_PROBATION;
}

bool is_sensitive(uint8_t categories)
{
	return (categories & ZV_CAT_SENSITIVE) != 0;
}

int popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

bool text_eq(struct zv_text a, struct zv_text b)
{
	return a.len == b.len && (a.len == 0 || !memcmp(a.ptr, b.ptr, a.len));
}

bool text_has_content(struct zv_text t)
{
	for (size_t i = 0; i < t.len; i++)
		if (t.ptr[i] != ' ' && t.ptr[i] != '\t' && t.ptr[i] != '\n' && t.ptr[i] != '\r')
			return true;
	return false;
}

zv_personset persons_all(uint32_t n)
{
	return n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

bool org_matches(enum zv_org party_kind, struct zv_text party_id, enum zv_org kind,
		 struct zv_text id)
{
	if (id.len)   /* an id is given: only that organisation matches */
		return text_eq(party_id, id);
	return kind != ZV_ORG_NONE && party_kind == kind;
}

bool situation_is_valid(const struct zv_situation *s)
{
	if (s->n_persons > ZV_MAX_PERSONS || (unsigned)s->action >= ZV_ACTION__COUNT ||
	    (s->n_persons && !s->persons))
		return false;
	zv_personset all = persons_all(s->n_persons);
	if ((s->data.about & ~all) || s->counterparty.person >= (int32_t)s->n_persons)
		return false;
	for (uint32_t i = 0; i < s->n_persons; i++) {
		const struct zv_person *p = &s->persons[i];
		if ((p->authority_holders & ~all) || p->n_consents > ZV_MAX_CONSENTS ||
		    (p->n_consents && !p->consents))
			return false;
		for (uint32_t k = 0; k < p->n_consents; k++) {
			const struct zv_consent *c = &p->consents[k];
			if ((c->given_by & ~all) || (c->recipient_persons & ~all) ||
			    (unsigned)c->kind >= ZV_CONSENT__COUNT ||
			    c->n_recipient_org_ids > ZV_MAX_RECIPIENT_IDS)
				return false;
		}
	}
	return true;
}

void facts_derive(struct eval *e)
{
	const struct zv_situation *s = e->s;
	enum zv_org kind = s->actor.kind;
	if (kind == ZV_ORG_REGIONAL_SAFETY_TEAM && s->actor.acting_for != ZV_ORG_NONE)
		kind = s->actor.acting_for;
	e->actor_kind = kind;
	e->actor_secrecy = s->actor.secrecy != ZV_SECRECY_DEFAULT ? s->actor.secrecy
								   : zv_org_default_secrecy(kind);
	e->actor_public = s->actor.public_authority != ZV_UNKNOWN
				  ? s->actor.public_authority == ZV_YES
				  : zv_org_is_public_authority(s->actor.kind);
	e->cp_org = s->counterparty.present && s->counterparty.person < 0 &&
		    s->counterparty.kind != ZV_ORG_NONE;
	e->cp_criminal_justice = e->cp_org &&
				 (s->counterparty.criminal_justice != ZV_UNKNOWN
					  ? s->counterparty.criminal_justice == ZV_YES
					  : zv_org_is_criminal_justice(s->counterparty.kind));
	e->all_persons = persons_all(s->n_persons);
	e->about = s->data.about ? s->data.about : e->all_persons;
	e->categories = s->data.has_categories ? s->data.categories : 0;
}
