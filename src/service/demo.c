/*
 * demo.c — the demo pilot (`zorgvuldig demo`): Proeftuin Zuidwest.
 *
 * One Regional Safety Team and two local teams (one under mandate, one a
 * network), thirteen users from a local team, Veilig Thuis, the Raad, a GI,
 * a youth-care provider, GGZ and the municipality (a privacy officer, an
 * administrator), five households with children under 12, of 12–15 and of
 * 16 and over, parents with and without authority, a confidential address,
 * special-category and criminal entries, consents given and withdrawn, a
 * disclosure, cases in every framework and phase, and overdue obligations.
 *
 * Everything is made through the services, as the professionals would, so
 * the demo exercises the rules and fills the audit log as real use would.
 * The dossier's clock runs from sixty days ago to today (ages are computed
 * from birth dates relative to today, so the ages hold whenever the demo is
 * made); the audit log keeps real time.
 *
 * The telling cases it guarantees (docs/cli.md, `demo --json`): a user with
 * no case (joost.vandijk); an entry under another organisation's secrecy a
 * team member may not see (GGZ's health entry in Lokaal team Zuid, Veilig
 * Thuis's criminal entry in the RVT); an entry restricted from one team
 * member (bram.jansen in Gezin Jansen); two organisations of the same kind
 * (the two local teams).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define DAY_US (86400LL * 1000000)

struct demo_clock {
	int64_t now;
};

static int64_t demo_now(void *ctx)
{
	return ((struct demo_clock *)ctx)->now;
}

struct demo {
	struct zv_service *sv;
	struct demo_clock *clock;
	int64_t today_us;
	struct zv_arena *a;
	struct zv_error *err;
	const char *from;
};

static void at_day(struct demo *d, int days_ago)
{
	d->clock->now = d->today_us - (int64_t)days_ago * DAY_US;
}

/* A birth date `years` years and `days` days before today. */
static const char *born(struct demo *d, int years, int days)
{
	zv_day today = svc_day_of(d->today_us);
	int y, m, dd;
	zv_date_to_ymd(today, &y, &m, &dd);
	if (m == 2 && dd == 29)
		dd = 28;
	zv_day day = zv_date_from_ymd(y - years, m, dd) - days;
	char *out = zv_arena_alloc(d->a, 11);
	if (out)
		zv_date_format(day, out);
	return out;
}

static struct zv_who as(struct demo *d, const char *login)
{
	return (struct zv_who){.login = login, .from = d->from};
}

/* ---- the households -------------------------------------------------------- */

struct made {
	struct zv_case_ids ids;
	char entries[8][64];
	char consents[6][64];
};

static int entry(struct demo *d, const char *login, const char *case_id, int kind, int category,
		 const char *source, const char *text, const char *const *subjects,
		 size_t n_subjects, bool verified, char id[64])
{
	struct zv_new_entry e = {
		.kind = kind, .category = category, .source = source, .text = text,
		.subjects = subjects, .n_subjects = n_subjects, .verified = verified,
		.proportionate = ZV_YES, .beyond_necessary = ZV_NO,
		.informed_beforehand = ZV_YES,
	};
	struct zv_refusal refusal;
	struct zv_who who = as(d, login);
	return zv_entry_add(d->sv, &who, case_id, &e, d->a, id, &refusal, d->err);
}

static int consent(struct demo *d, const char *login, const char *case_id,
		   struct zv_new_consent *c, char id[64])
{
	struct zv_who who = as(d, login);
	c->free = c->unambiguous = c->informed = c->specific = c->explicit = true;
	if (!c->how_obtained)
		c->how_obtained = "schriftelijk, na een gesprek op kantoor";
	if (c->state == 0)
		c->state = ZV_CONSENT_GIVEN;
	return zv_consent_record(d->sv, &who, case_id, c, id, d->err);
}

/* Gezin Jansen, Lokaal team Noord (under mandate): voluntary, risk-driven
 * care; an entry restricted from bram.jansen; a withdrawn treatment consent. */
static int household_jansen(struct demo *d, struct made *m)
{
	static const size_t PARENTS[] = {0, 1};
	struct zv_new_person persons[] = {
		{.name = "Mark Jansen", .role = ZV_PERSON_PARENT, .birth_date = born(d, 41, 20),
		 .bsn = "111222333", .address = "Dorpsstraat 12, Noordwijk"},
		{.name = "Sanne Jansen", .role = ZV_PERSON_PARENT, .birth_date = born(d, 38, 90),
		 .address = "Dorpsstraat 12, Noordwijk"},
		{.name = "Tim Jansen", .role = ZV_PERSON_CHILD, .birth_date = born(d, 9, 40),
		 .authority = PARENTS, .n_authority = 2},
		{.name = "Lisa Jansen", .role = ZV_PERSON_CHILD, .birth_date = born(d, 14, 200),
		 .capable = ZV_YES, .authority = PARENTS, .n_authority = 2},
	};
	struct zv_rec_member members[] = {
		{.login = "bram.jansen", .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED},
		{.login = "ilse.meijer", .role = ZV_CASE_ROLE_ADVISOR},
	};
	struct zv_new_case c = {
		.household_name = "Gezin Jansen", .persons = persons, .n_persons = 4,
		.team = "lt-noord", .title = "Zorgen over schoolverzuim en spanningen thuis",
		.framework = ZV_FRAMEWORK_VOLUNTARY, .phase = ZV_PHASE_RISK_DRIVEN_CARE,
		.reason = "Aanmelding door de ouders na een gesprek met school.",
		.family_informed = true, .members = members, .n_members = 2,
	};
	at_day(d, 58);
	struct zv_who anna = as(d, "anna.devries");
	if (zv_case_open(d->sv, &anna, &c, d->a, &m->ids, d->err))
		return d->err->code;
	const char *case_id = m->ids.case_id;
	char (*p)[64] = m->ids.person_ids;
	const char *tim[] = {p[2]}, *lisa[] = {p[3]}, *parents[] = {p[0], p[1]}, *sanne[] = {p[1]};
	at_day(d, 50);
	if (entry(d, "anna.devries", case_id, ZV_ENTRY_FACT, ZV_CAT_ORDINARY, "school (mentor)",
		  "Tim was de afgelopen zes weken elf dagen afwezig zonder afmelding.", tim, 1,
		  true, m->entries[0]) ||
	    entry(d, "bram.jansen", case_id, ZV_ENTRY_OBSERVATION, ZV_CAT_HEALTH,
		  "eigen waarneming, huisbezoek",
		  "Lisa vertelt dat ze slecht slaapt en somber is; zij wil hulp.", lisa, 1, false,
		  m->entries[1]))
		return d->err->code;
	at_day(d, 45);
	struct zv_new_entry restricted = {
		.kind = ZV_ENTRY_OPINION, .category = ZV_CAT_ORDINARY, .source = "teamoverleg",
		.text = "Het team schat in dat de ruzies tussen de ouders toenemen; Mark vraagt om "
			"een gesprek zonder Sanne.",
		.subjects = parents, .n_subjects = 2, .proportionate = ZV_YES,
		.beyond_necessary = ZV_NO, .informed_beforehand = ZV_NO,
		.reason_not_informed = ZV_RNI_SAFETY,
		.hidden_from_logins = (const char *const[]){"bram.jansen"},
		.n_hidden_from_logins = 1,
		.restriction_reason = "Bram begeleidt Sanne individueel; voor haar veiligheid blijft "
				      "dit buiten zijn zicht.",
	};
	struct zv_refusal refusal;
	if (zv_entry_add(d->sv, &anna, case_id, &restricted, d->a, m->entries[2], &refusal,
			 d->err) ||
	    entry(d, "anna.devries", case_id, ZV_ENTRY_VIEW, ZV_CAT_ORDINARY, "Sanne Jansen",
		  "Sanne ziet het verzuim als gevolg van pesten, niet van de situatie thuis.", sanne,
		  1, false, m->entries[3]))
		return d->err->code;
	at_day(d, 40);
	struct zv_new_consent release = {
		.subject = p[3], .kind = ZV_CONSENT_SECRECY_RELEASE,
		.purpose = "Overleg met GGZ Zuidwest over passende hulp voor Lisa",
		.recipients = (const char *const[]){"org:ggz-zuidwest"}, .n_recipients = 1,
		.givers = (const char *const[]){p[3]}, .n_givers = 1,
		.present = "Lisa, Anna de Vries",
	};
	struct zv_new_consent treatment = {
		.subject = p[3], .kind = ZV_CONSENT_TREATMENT, .purpose = "Gesprekken bij Het Kompas",
		.recipients = (const char *const[]){"youth_care"}, .n_recipients = 1,
		.givers = (const char *const[]){p[3], p[0], p[1]}, .n_givers = 3,
		.present = "Lisa, Mark en Sanne Jansen, Bram Jansen",
	};
	if (consent(d, "anna.devries", case_id, &release, m->consents[0]) ||
	    consent(d, "bram.jansen", case_id, &treatment, m->consents[1]))
		return d->err->code;
	at_day(d, 20);
	struct zv_who bram = as(d, "bram.jansen");
	struct zv_withdrawal_result w;
	return zv_consent_withdraw(d->sv, &bram, case_id, m->consents[1], 1, p[0],
				   ZV_WITHDRAW_NOT_PARTICIPATION,
				   "Mark wil eerst een second opinion.", &w, d->err);
}

/* Gezin de Boer, Lokaal team Zuid (network): pressure, direct safety; a
 * confidential address; GGZ's health entry under GGZ's secrecy; a 17-year-old
 * who releases the team's health entry about him to GGZ; a father without
 * authority. */
static int household_de_boer(struct demo *d, struct made *m)
{
	static const size_t MOTHER[] = {0};
	struct zv_new_person persons[] = {
		{.name = "Eva de Boer", .role = ZV_PERSON_PARENT, .birth_date = born(d, 35, 10),
		 .bsn = "123456782", .confidential_address = true,
		 .address = "Geheim adres (opvang)"},
		{.name = "Noah de Boer", .role = ZV_PERSON_CHILD, .birth_date = born(d, 17, 60),
		 .capable = ZV_YES, .authority = MOTHER, .n_authority = 1,
		 .confidential_address = true},
		{.name = "Mila de Boer", .role = ZV_PERSON_CHILD, .birth_date = born(d, 6, 120),
		 .authority = MOTHER, .n_authority = 1, .confidential_address = true},
		{.name = "Peter Visser", .role = ZV_PERSON_PARENT, .birth_date = born(d, 40, 3),
		 .address = "Kade 4, Zuidhaven"},
	};
	struct zv_rec_member members[] = {
		{.login = "daan.visser", .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED},
		{.login = "karin.dekker", .role = ZV_CASE_ROLE_SUBSTITUTE},
	};
	struct zv_new_case c = {
		.household_name = "Gezin de Boer", .persons = persons, .n_persons = 4,
		.team = "lt-zuid", .title = "Veiligheid na vertrek naar de opvang",
		.framework = ZV_FRAMEWORK_PRESSURE, .phase = ZV_PHASE_DIRECT_SAFETY,
		.reason = "Melding van Veilig Thuis; moeder en kinderen verblijven in de opvang.",
		.family_informed = false, .members = members, .n_members = 2,
	};
	at_day(d, 30);
	struct zv_who carla = as(d, "carla.bakker");
	if (zv_case_open(d->sv, &carla, &c, d->a, &m->ids, d->err))
		return d->err->code;
	const char *case_id = m->ids.case_id;
	char (*p)[64] = m->ids.person_ids;
	const char *eva[] = {p[0]}, *noah[] = {p[1]}, *mila[] = {p[2]};
	at_day(d, 28);
	if (entry(d, "daan.visser", case_id, ZV_ENTRY_FACT, ZV_CAT_HEALTH, "dossier GGZ Zuidwest",
		  "Eva is in behandeling voor een posttraumatische stressstoornis.", eva, 1, true,
		  m->entries[0]) ||
	    entry(d, "carla.bakker", case_id, ZV_ENTRY_FACT, ZV_CAT_ORDINARY, "opvanglocatie",
		  "Mila gaat sinds maandag naar de school bij de opvang.", mila, 1, true,
		  m->entries[1]) ||
	    entry(d, "carla.bakker", case_id, ZV_ENTRY_OBSERVATION, ZV_CAT_HEALTH,
		  "gesprek met Noah", "Noah gebruikt dagelijks cannabis om te kunnen slapen.", noah,
		  1, false, m->entries[2]))
		return d->err->code;
	at_day(d, 25);
	struct zv_new_consent release = {
		.subject = p[1], .kind = ZV_CONSENT_SECRECY_RELEASE,
		.purpose = "Hulp van GGZ Zuidwest bij slaapproblemen en middelengebruik",
		.recipients = (const char *const[]){"ggz"}, .n_recipients = 1,
		.has_categories = true, .categories = ZV_CAT_HEALTH,
		.givers = (const char *const[]){p[1]}, .n_givers = 1, .present = "Noah, Carla Bakker",
		.valid_until = NULL,
	};
	struct zv_new_consent participation = {
		.subject = p[0], .kind = ZV_CONSENT_PARTICIPATION,
		.purpose = "Deelname aan het netwerk van Lokaal team Zuid",
		.recipients = (const char *const[]){"org:lt-zuid", "org:ggz-zuidwest"},
		.n_recipients = 2, .givers = (const char *const[]){p[0]}, .n_givers = 1,
		.present = "Eva de Boer, Carla Bakker",
	};
	return consent(d, "carla.bakker", case_id, &release, m->consents[0]) ||
	       consent(d, "carla.bakker", case_id, &participation, m->consents[1]);
}

/* Gezin El Idrissi, the RVT: compulsory (a supervision order), first direct
 * safety, now recovery; Veilig Thuis's criminal entry, disclosed to the GI. */
static int household_el_idrissi(struct demo *d, struct made *m)
{
	static const size_t PARENTS[] = {0, 1};
	struct zv_new_person persons[] = {
		{.name = "Fatima El Idrissi", .role = ZV_PERSON_PARENT, .birth_date = born(d, 33, 70),
		 .bsn = "314159265"},
		{.name = "Youssef El Idrissi", .role = ZV_PERSON_PARENT,
		 .birth_date = born(d, 36, 150)},
		{.name = "Amira El Idrissi", .role = ZV_PERSON_CHILD, .birth_date = born(d, 12, 30),
		 .capable = ZV_YES, .authority = PARENTS, .n_authority = 2},
		{.name = "Adam El Idrissi", .role = ZV_PERSON_CHILD, .birth_date = born(d, 3, 10),
		 .authority = PARENTS, .n_authority = 2},
	};
	struct zv_rec_member members[] = {
		{.login = "eva.smit", .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED},
		{.login = "frank.mulder", .role = ZV_CASE_ROLE_SUBSTITUTE},
	};
	struct zv_new_case c = {
		.household_name = "Gezin El Idrissi", .persons = persons, .n_persons = 4,
		.team = "rvt-zuidwest", .title = "Uitvoering ondertoezichtstelling Amira en Adam",
		.framework = ZV_FRAMEWORK_COMPULSORY, .phase = ZV_PHASE_DIRECT_SAFETY,
		.reason = "De kinderrechter sprak een ondertoezichtstelling uit.",
		.family_informed = true, .members = members, .n_members = 2,
	};
	at_day(d, 55);
	struct zv_who gerda = as(d, "gerda.bos");
	if (zv_case_open(d->sv, &gerda, &c, d->a, &m->ids, d->err))
		return d->err->code;
	const char *case_id = m->ids.case_id;
	char (*p)[64] = m->ids.person_ids;
	const char *youssef[] = {p[1]}, *adam[] = {p[3]}, *amira[] = {p[2]};
	at_day(d, 52);
	if (entry(d, "eva.smit", case_id, ZV_ENTRY_FACT, ZV_CAT_CRIMINAL, "politie (zorgmelding)",
		  "Youssef is in maart aangehouden voor mishandeling van Fatima.", youssef, 1, true,
		  m->entries[0]) ||
	    entry(d, "gerda.bos", case_id, ZV_ENTRY_OBSERVATION, ZV_CAT_HEALTH, "consultatiebureau",
		  "Adam heeft een taalachterstand; logopedie is gestart.", adam, 1, true,
		  m->entries[1]) ||
	    entry(d, "frank.mulder", case_id, ZV_ENTRY_FACT, ZV_CAT_ORDINARY, "gesprek met Amira",
		  "Amira wil bij haar moeder blijven wonen en haar vader zien in het bijzijn van "
		  "haar tante.",
		  amira, 1, true, m->entries[2]))
		return d->err->code;
	at_day(d, 50);
	/* Veilig Thuis gives the GI what it needs for the supervision order
	 * (Jeugdwet 7.3.11(4)), on its own initiative. */
	struct zv_who eva = as(d, "eva.smit");
	const char *shared[] = {m->entries[0]};
	struct zv_disclosure_request share = {
		.case_id = case_id, .entries = shared, .n_entries = 1, .recipient_org = "gi-jbzw",
		.purpose = "Uitvoering van de ondertoezichtstelling: veiligheid van Fatima en de "
			   "kinderen",
		.initiative = ZV_INITIATIVE_OWN,
		.answers_json =
			"{\"data\":{\"existence_suffices\":false,\"anonymous_suffices\":false,"
			"\"proportionate\":true,\"beyond_necessary\":false,"
			"\"obtainable_from_subjects\":false},"
			"\"counterparty\":{\"own_legal_basis\":true},"
			"\"secrecy_ground\":\"legal_power\","
			"\"transparency\":{\"informed_beforehand\":false,"
			"\"reason_not_informed\":\"safety\"}}",
	};
	struct zv_disclosure_result result;
	if (zv_disclose(d->sv, &eva, &share, true, d->a, &result, d->err))
		return d->err->code;
	at_day(d, 10);
	int64_t version;
	return zv_case_change(d->sv, &gerda, case_id, 1, ZV_FRAMEWORK_COMPULSORY,
			      ZV_PHASE_RECOVERY,
			      "Veiligheidsplan werkt; herstelplan opgesteld met de ouders.", true,
			      &version, d->err);
}

/* Gezin Bakker, Lokaal team Noord: advice only, closed after the mother
 * withdrew participation (R9.3: the team stops). */
static int household_bakker(struct demo *d, struct made *m)
{
	static const size_t MOTHER[] = {0};
	struct zv_new_person persons[] = {
		{.name = "Joyce Bakker", .role = ZV_PERSON_PARENT, .birth_date = born(d, 29, 44)},
		{.name = "Daan Bakker", .role = ZV_PERSON_CHILD, .birth_date = born(d, 15, 80),
		 .capable = ZV_YES, .authority = MOTHER, .n_authority = 1},
		{.name = "Emma Bakker", .role = ZV_PERSON_CHILD, .birth_date = born(d, 11, 300),
		 .authority = MOTHER, .n_authority = 1},
	};
	struct zv_rec_member members[] = {
		{.login = "bram.jansen", .role = ZV_CASE_ROLE_SUBSTITUTE},
	};
	struct zv_new_case c = {
		.household_name = "Gezin Bakker", .persons = persons, .n_persons = 3,
		.team = "lt-noord", .title = "Adviesvraag over opvoedondersteuning",
		.framework = ZV_FRAMEWORK_ADVICE_ONLY, .phase = ZV_PHASE_RISK_DRIVEN_CARE,
		.reason = "Joyce vroeg advies over de opvoeding van Daan.",
		.family_informed = true, .members = members, .n_members = 1,
	};
	at_day(d, 35);
	struct zv_who anna = as(d, "anna.devries");
	if (zv_case_open(d->sv, &anna, &c, d->a, &m->ids, d->err))
		return d->err->code;
	const char *case_id = m->ids.case_id;
	char (*p)[64] = m->ids.person_ids;
	const char *daan[] = {p[1]};
	if (entry(d, "anna.devries", case_id, ZV_ENTRY_VIEW, ZV_CAT_ORDINARY, "Joyce Bakker",
		  "Joyce vindt dat Daan te veel tijd online doorbrengt.", daan, 1, false,
		  m->entries[0]))
		return d->err->code;
	struct zv_new_consent participation = {
		.subject = p[0], .kind = ZV_CONSENT_PARTICIPATION,
		.purpose = "Deelname aan Lokaal team Noord",
		.recipients = (const char *const[]){"org:lt-noord"}, .n_recipients = 1,
		.givers = (const char *const[]){p[0]}, .n_givers = 1,
		.present = "Joyce Bakker, Anna de Vries",
	};
	if (consent(d, "anna.devries", case_id, &participation, m->consents[0]))
		return d->err->code;
	at_day(d, 15);
	struct zv_withdrawal_result w;
	return zv_consent_withdraw(d->sv, &anna, case_id, m->consents[0], 1, p[0],
				   ZV_WITHDRAW_STOP, "Joyce wil zelf verder.", &w, d->err);
}

/* Gezin Yilmaz, the RVT: voluntary, recovery; Veilig Thuis's special-category
 * entry; a framework change and a leaflet the family has not had: overdue. */
static int household_yilmaz(struct demo *d, struct made *m)
{
	static const size_t MOTHER[] = {0};
	struct zv_new_person persons[] = {
		{.name = "Ayse Yilmaz", .role = ZV_PERSON_PARENT, .birth_date = born(d, 45, 100)},
		{.name = "Mehmet Yilmaz", .role = ZV_PERSON_CHILD, .birth_date = born(d, 16, 5),
		 .capable = ZV_YES, .authority = MOTHER, .n_authority = 1},
		{.name = "Zeynep Yilmaz", .role = ZV_PERSON_CHILD, .birth_date = born(d, 13, 250),
		 .capable = ZV_YES, .authority = MOTHER, .n_authority = 1},
	};
	struct zv_rec_member members[] = {
		{.login = "frank.mulder", .role = ZV_CASE_ROLE_DIRECTLY_INVOLVED},
		{.login = "gerda.bos", .role = ZV_CASE_ROLE_ADVISOR},
	};
	struct zv_new_case c = {
		.household_name = "Gezin Yilmaz", .persons = persons, .n_persons = 3,
		.team = "rvt-zuidwest", .title = "Eergerelateerde dreiging tegen Zeynep",
		.framework = ZV_FRAMEWORK_VOLUNTARY, .phase = ZV_PHASE_DIRECT_SAFETY,
		.reason = "Zeynep vertelde haar mentor over bedreigingen door familie.",
		.family_informed = false, .members = members, .n_members = 2,
	};
	at_day(d, 45);
	struct zv_who hassan = as(d, "hassan.elamrani");
	if (zv_case_open(d->sv, &hassan, &c, d->a, &m->ids, d->err))
		return d->err->code;
	const char *case_id = m->ids.case_id;
	char (*p)[64] = m->ids.person_ids;
	const char *ayse[] = {p[0]}, *zeynep[] = {p[2]};
	if (entry(d, "hassan.elamrani", case_id, ZV_ENTRY_OBSERVATION, ZV_CAT_SPECIAL_OTHER,
		  "gesprek met Ayse",
		  "Ayse zegt dat de familie het geloof van haar dochter als schande ziet.", ayse, 1,
		  false, m->entries[0]) ||
	    entry(d, "frank.mulder", case_id, ZV_ENTRY_FACT, ZV_CAT_ORDINARY, "school (mentor)",
		  "Zeynep is sinds twee weken niet meer op school geweest.", zeynep, 1, true,
		  m->entries[1]))
		return d->err->code;
	at_day(d, 30);
	int64_t version;
	struct zv_who frank = as(d, "frank.mulder");
	return zv_case_change(d->sv, &frank, case_id, 1, ZV_FRAMEWORK_VOLUNTARY, ZV_PHASE_RECOVERY,
			      "Zeynep woont veilig bij haar tante; herstelplan in de maak.", false,
			      &version, d->err);
}

/* ---- users ------------------------------------------------------------------ */

static int set_credentials(struct zv_store *tx, const struct zv_data_key *key,
			   const struct zv_config *cfg, struct zv_arena *a,
			   struct zv_demo_user *users, struct zv_error *err)
{
	char now[ZV_AUDIT_TIME_LEN];
	zv_audit_time_format(0, now);
	for (size_t i = 0; i < cfg->n_professionals; i++) {
		const struct zv_professional *p = &cfg->professionals[i];
		struct zv_demo_user *u = &users[i];
		char hash[ZV_PASSWORD_HASH_LEN];
		uint8_t secret[ZV_TOTP_SECRET_LEN], sealed[SVC_TOTP_SEALED_LEN];
		if (zv_password_hash(u->password, (int)cfg->argon2, hash, err))
			return err->code;
		struct zv_rec_credential c = {.login = p->login, .password_hash = hash,
					      .updated_at = now};
		if (p->second_factor) {
			zv_random_bytes(secret, sizeof secret);
			zv_base32_encode(secret, sizeof secret, u->totp_secret, sizeof u->totp_secret);
			svc_totp_seal(key, p->login, secret, sealed);
			c.totp_sealed = sealed;
			c.totp_sealed_len = sizeof sealed;
			zv_wipe(secret, sizeof secret);
		}
		if (zv_store_credential_set(tx, &c, err))
			return err->code;
	}
	(void)a;
	return ZV_OK;
}

/* The demo's passwords are published with it: "demo-" and the login. */
static int demo_users(struct zv_arena *a, const struct zv_config *cfg, struct zv_demo *out)
{
	struct zv_demo_user *users = zv_arena_alloc(a, (cfg->n_professionals + 1) * sizeof *users);
	if (!users)
		return ZV_ENOMEM;
	for (size_t i = 0; i < cfg->n_professionals; i++) {
		const struct zv_professional *p = &cfg->professionals[i];
		size_t n = strlen(p->login) + 6;
		char *password = zv_arena_alloc(a, n);
		if (!password)
			return ZV_ENOMEM;
		snprintf(password, n, "demo-%s", p->login);
		/* Copies: the configuration goes with the service that read it. */
		users[i] = (struct zv_demo_user){.login = svc_strdup(a, p->login),
						 .password = password,
						 .organisation = svc_strdup(a, p->organisation),
						 .roles = p->roles};
		if (!users[i].login || !users[i].organisation)
			return ZV_ENOMEM;
	}
	out->users = users;
	out->n_users = cfg->n_professionals;
	return ZV_OK;
}

/* Read back the TOTP secrets of a demo made earlier. */
static int read_totp(struct zv_store *store, const struct zv_data_key *key, struct zv_arena *a,
		     struct zv_demo_user *u, struct zv_error *err)
{
	struct zv_rec_credential c;
	int rc = zv_store_credential_get(store, u->login, a, &c, err);
	if (rc == ZV_ENOTFOUND)
		return ZV_OK;
	if (rc)
		return rc;
	uint8_t secret[ZV_TOTP_SECRET_LEN];
	if (svc_totp_unseal(key, &c, secret))
		zv_base32_encode(secret, sizeof secret, u->totp_secret, sizeof u->totp_secret);
	zv_wipe(secret, sizeof secret);
	return ZV_OK;
}

/* ---- describing what the demo holds ---------------------------------------- */

struct describe_job {
	struct zv_service *sv;
	struct zv_arena *a;
	struct zv_demo *out;
};

static int describe_case(struct describe_job *j, struct zv_store *tx, const char *id,
			 struct zv_demo_case *out, struct zv_error *err)
{
	struct zv_case_record r;
	if (zv_store_case_load(tx, id, ZV_PART_ALL, j->a, &r, err))
		return err->code;
	struct household_facts h;
	if (svc_household_facts(j->a, &r, zv_service_today(j->sv), &h, err))
		return err->code;
	struct zv_demo_entry *entries = zv_arena_alloc(j->a, (r.n_entries + 1) * sizeof *entries);
	if (!entries)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory describing the demo");
	for (size_t e = 0; e < r.n_entries; e++) {
		const char **visible = zv_arena_alloc(j->a, (r.n_members + 1) * sizeof *visible);
		const char **anonymous = zv_arena_alloc(j->a, (r.n_members + 1) * sizeof *anonymous);
		if (!visible || !anonymous)
			return zv_error_set(err, ZV_ENOMEM, "", "out of memory describing the demo");
		entries[e] = (struct zv_demo_entry){.id = r.entries[e].id, .visible_to = visible,
						    .anonymous_to = anonymous};
		for (size_t m = 0; m < r.n_members; m++) {
			const struct zv_professional *p =
				zv_config_professional(&j->sv->config, r.members[m].login);
			if (!p)
				continue;
			struct acting who;
			svc_acting(j->sv, p, &r.c, &who);
			enum zv_visibility v = svc_entry_visibility(j->sv, &h, &who, r.members[m].role,
								   &r, &r.entries[e], p->login);
			if (v == ZV_VISIBLE)   /* the record's copy: it outlives the service */
				visible[entries[e].n_visible_to++] = r.members[m].login;
			else if (v == ZV_ANONYMOUS)
				anonymous[entries[e].n_anonymous_to++] = r.members[m].login;
		}
	}
	*out = (struct zv_demo_case){.id = r.c.id, .household = r.c.household,
				     .team = r.members, .n_team = r.n_members,
				     .entries = entries, .n_entries = r.n_entries};
	return ZV_OK;
}

static int describe_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct describe_job *j = ctx;
	const char **ids;
	size_t n;
	if (zv_store_case_ids(tx, j->a, &ids, &n, err))
		return err->code;
	struct zv_demo_case *cases = zv_arena_alloc(j->a, (n + 1) * sizeof *cases);
	if (!cases)
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory describing the demo");
	for (size_t i = 0; i < n; i++)
		if (describe_case(j, tx, ids[i], &cases[i], err))
			return err->code;
	j->out->cases = cases;
	j->out->n_cases = n;
	for (size_t i = 0; i < j->out->n_users; i++)
		if (read_totp(tx, &j->sv->data, j->a, &j->out->users[i], err))
			return err->code;
	return ZV_OK;
}

static int describe(struct zv_service *sv, const char *from, struct zv_arena *a,
		    struct zv_demo *out, struct zv_error *err)
{
	if (demo_users(a, &sv->config, out))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory describing the demo");
	struct zv_audit_event e = {
		.action = ZV_AUDIT_VIEW,
		.outcome = ZV_AUDIT_DONE,
		.who = {.user = "demo", .role = "administrator"},
		.from = from && *from ? from : "unknown",
		.detail = "demo pilot described: who may see which entry (ids only)",
	};
	struct describe_job j = {.sv = sv, .a = a, .out = out};
	return zv_audit_append(sv->log, &e, 1, describe_work, &j, err);
}

/* ---- loading ---------------------------------------------------------------- */

static int make_world(struct demo *d)
{
	struct made m[5];
	memset(m, 0, sizeof m);
	if (household_jansen(d, &m[0]) || household_de_boer(d, &m[1]) ||
	    household_el_idrissi(d, &m[2]) || household_bakker(d, &m[3]) ||
	    household_yilmaz(d, &m[4]))
		return d->err->code;
	return ZV_OK;
}

struct credentials_job {
	const struct zv_data_key *key;
	const struct zv_config *cfg;
	struct zv_arena *a;
	struct zv_demo_user *users;
};

static int credentials_work(struct zv_store *tx, void *ctx, struct zv_error *err)
{
	struct credentials_job *j = ctx;
	return set_credentials(tx, j->key, j->cfg, j->a, j->users, err);
}

/* Put the demo's configuration in force and give its users credentials. */
static int install(struct zv_service *sv, const char *from, struct zv_arena *a,
		   struct zv_demo *out, struct zv_error *err)
{
	if (zv_config_install(sv->log, zv_config_demo_json, "demo", from, err) ||
	    svc_load_config(sv, err))
		return err->code;
	if (demo_users(a, &sv->config, out))
		return zv_error_set(err, ZV_ENOMEM, "", "out of memory making the demo");
	struct zv_audit_event e = {
		.action = ZV_AUDIT_CONFIG_CHANGE,
		.outcome = ZV_AUDIT_DONE,
		.who = {.user = "demo", .role = "administrator"},
		.from = from && *from ? from : "unknown",
		.detail = "demo users given passwords (argon2id) and second factors",
	};
	struct credentials_job j = {.key = &sv->data, .cfg = &sv->config, .a = a,
				    .users = out->users};
	return zv_audit_append(sv->log, &e, 1, credentials_work, &j, err);
}

int zv_demo_load(struct zv_store *store, const char *key_dir, const char *from,
		 const struct zv_service_options *options, struct zv_arena *a,
		 struct zv_demo *out, struct zv_error *err)
{
	memset(out, 0, sizeof *out);
	struct demo_clock clock = {0};
	struct zv_service_options demo_options = {.now_us = demo_now, .clock_ctx = &clock};
	clock.now = options && options->now_us ? options->now_us(options->clock_ctx) : 0;
	struct zv_service *sv;
	if (zv_service_open(store, key_dir, NULL, &sv, err))
		return err->code;
	int64_t today_us = svc_now_us(sv);
	if (options && options->now_us)
		today_us = clock.now;
	const char **ids;
	size_t n;
	int rc = zv_store_case_ids(store, a, &ids, &n, err);
	if (!rc && n) {   /* made before: the demo, or something else */
		if (strcmp(sv->config.pilot_id, "proeftuin-zuidwest"))
			rc = zv_error_set(err, ZV_ECONFLICT, "",
					  "this store holds cases of pilot %s; the demo is made only "
					  "in a new store (zorgvuldig --db NEW.db init)",
					  sv->config.pilot_id);
		else
			rc = describe(sv, from, a, out, err);
		zv_service_close(sv);
		return rc;
	}
	if (!rc)
		rc = install(sv, from, a, out, err);
	struct zv_demo_user *users = out->users;
	size_t n_users = out->n_users;
	zv_service_close(sv);
	if (rc)
		return rc;
	/* The world, on the dossier's demo clock. */
	clock.now = today_us;
	if (zv_service_open(store, key_dir, &demo_options, &sv, err))
		return err->code;
	struct demo d = {.sv = sv, .clock = &clock, .today_us = today_us, .a = a, .err = err,
			 .from = from && *from ? from : "demo"};
	rc = make_world(&d);
	clock.now = today_us;
	if (!rc)
		rc = describe(sv, from, a, out, err);
	/* describe() lists the users again; keep the TOTP secrets just made. */
	for (size_t i = 0; !rc && i < n_users && i < out->n_users; i++)
		memcpy(out->users[i].totp_secret, users[i].totp_secret,
		       sizeof users[i].totp_secret);
	zv_service_close(sv);
	return rc;
}
