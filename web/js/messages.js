/*
 * messages.js — every text the web application shows, in Dutch, in one
 * catalogue. Screens never write Dutch text of their own: they ask t(key)
 * for a sentence, and label(kind, code) for the Dutch name of one of the
 * API's code names (the mapping of docs/glossary.md).
 *
 * A message may hold {name} placeholders, filled from t()'s second argument.
 */

const MESSAGES = {
	'app.name': 'Zorgvuldig',
	'app.tagline': 'Gezinsdossier kind- en gezinsbescherming',
	'app.skip': 'Naar de inhoud',
	'app.nav': 'Hoofdmenu',
	'app.signed_in_as': 'Ingelogd als {name} ({organisation})',
	'app.error.session_changed': 'In een ander venster is iemand anders ingelogd. Log opnieuw in.',
	'app.footer': 'Zorgvuldig beantwoordt per casus de vraag “mag dat van de AVG?” en legt vast wat er met de gegevens van het gezin gebeurt.',
	'app.not_found': 'Deze pagina bestaat niet.',
	'app.back_to_cases': 'Terug naar mijn casussen',
	'app.back_to_case': 'Terug naar casus {id}',
	'app.error.network': 'Zorgvuldig is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
	'app.error.session_ended': 'Uw sessie is verlopen. Log opnieuw in.',
	'app.error.internal': 'Er ging iets mis in Zorgvuldig. Probeer het opnieuw; blijft het misgaan, meld het dan aan de beheerder.',
	'app.error.not_permitted': 'Dit mag u niet doen.',
	'app.error.not_found': 'Niet gevonden, of u hebt er geen rol in.',
	'app.error.conflict': 'Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en doe de wijziging nog eens.',
	'app.error.invalid_input': 'Controleer wat u hebt ingevuld.',
	'app.error.field': 'Controleer wat u hebt ingevuld bij “{field}”.',
	'app.error.required_field': 'Vul “{field}” in.',
	'app.error.title': 'Er is een probleem',
	'app.cancel': 'Annuleren',
	'app.unknown': 'Onbekend',
	'app.none': 'Geen',

	'nav.cases': 'Mijn casussen',
	'nav.break_glass': 'Noodtoegang',
	'nav.audit': 'Auditlog',
	'nav.sign_out': 'Uitloggen',

	'login.title': 'Inloggen',
	'login.intro': 'Log in met de gebruikersnaam en het wachtwoord die u van uw organisatie hebt gekregen.',
	'login.login': 'Gebruikersnaam',
	'login.password': 'Wachtwoord',
	'login.submit': 'Inloggen',
	'login.totp_title': 'Tweede stap: code',
	'login.totp_intro': 'Uw account is extra beveiligd. Vul de code van zes cijfers in uit uw authenticator-app.',
	'login.totp': 'Code (6 cijfers)',
	'login.totp_submit': 'Bevestigen',
	'login.error.credentials': 'De gebruikersnaam of het wachtwoord klopt niet.',
	'login.error.totp': 'Deze code klopt niet, is verlopen of is al gebruikt. Wacht op de volgende code.',
	'login.error.totp_format': 'Vul de zes cijfers van de code in.',
	'login.error.second_factor_missing': 'Voor uw rol is een tweede stap (authenticator-app) nodig, maar die is nog niet ingesteld. Vraag het de beheerder.',
	'login.error.too_many': 'Te veel mislukte pogingen. Probeer het over {minutes} opnieuw.',
	'login.minute': '1 minuut',
	'login.minutes': '{n} minuten',
	'login.error.too_many_sessions': 'Zorgvuldig is te druk. Probeer het over een minuut opnieuw.',
	'login.error.empty': 'Vul uw gebruikersnaam en wachtwoord in.',
	'login.signed_out': 'U bent uitgelogd.',

	'cases.title': 'Mijn casussen',
	'cases.intro': 'De casussen waarin u een rol hebt. Een casus zonder rol ziet u niet.',
	'cases.empty': 'U hebt in geen enkele casus een rol.',
	'cases.caption': 'Casussen waarin u een rol hebt',
	'cases.col.id': 'Casusnummer',
	'cases.col.household': 'Gezin',
	'cases.col.framework': 'Kader',
	'cases.col.phase': 'Fase',
	'cases.col.role': 'Mijn rol',
	'cases.col.obligations': 'Open verplichtingen',
	'cases.col.next_due': 'Eerstvolgende termijn',
	'cases.obligations_count': '{open} open',
	'cases.overdue_count': '{overdue} te laat',
	'cases.no_due': 'geen termijn',

	'obligations.title': 'Mijn verplichtingen',
	'obligations.intro': 'Wat u nog moet doen, met de uiterste datum. Wat te laat is, staat bovenaan.',
	'obligations.empty': 'U hebt geen open verplichtingen.',
	'obligations.due': 'Uiterlijk {date}',
	'obligations.overdue': 'Te laat: uiterlijk {date}',
	'obligations.today': 'Uiterlijk vandaag ({date})',
	'obligations.case': 'Casus {id}',
	'obligations.rule': 'Regel {rule}',
	'obligations.fulfil': 'Afhandelen',
	'obligations.note': 'Wat hebt u gedaan?',
	'obligations.fulfil_submit': 'Markeren als afgehandeld',
	'obligations.fulfilled': 'Afgehandeld op {date} door {by}',
	'obligations.done': 'De verplichting is afgehandeld.',

	'case.title': 'Casus {id}',
	'case.anonymous': 'U bent adviseur in deze casus: u ziet alleen anonieme gegevens en legt niets vast (R13.1).',
	'case.closed': 'Deze casus is afgesloten. Er komen geen nieuwe aantekeningen bij en er wordt niets gedeeld, tot de casus met een reden wordt heropend (Kader of fase wijzigen). Correcties, reacties en het intrekken van toestemming blijven mogelijk.',
	'case.read_only': 'U kunt deze casus bekijken, maar er niets in vastleggen.',
	'case.break_glass': 'U kijkt met noodtoegang. Dit is vastgelegd en wordt door de privacyfunctionaris beoordeeld.',
	'case.truncated': 'Deze casus is te groot om in één keer te tonen; u ziet een deel.',
	'case.your_role': 'Uw rol: {role}',
	'case.actions': 'Wat wilt u doen?',
	'case.action.entry': 'Nieuwe aantekening',
	'case.action.share': 'Mag ik dit delen?',
	'case.action.framework': 'Kader of fase wijzigen',
	'case.section.household': 'Gezin',
	'case.section.framework': 'Kader en fase',
	'case.section.team': 'Team en rollen',
	'case.section.entries': 'Aantekeningen',
	'case.section.consents': 'Toestemmingen',
	'case.section.obligations': 'Verplichtingen',
	'case.section.decisions': 'Besluiten en verstrekkingen',
	'case.household.caption': 'Personen in het gezin',
	'case.person.name': 'Naam',
	'case.person.role': 'Rol',
	'case.person.age': 'Leeftijd',
	'case.person.age_value': '{age} jaar',
	'case.person.authority': 'Gezag',
	'case.person.authority_by': 'Gezag bij {names}',
	'case.person.no_authority': '—',
	'case.person.address': 'Adres',
	'case.person.confidential': 'Geheim adres (afgeschermd)',
	'case.person.bsn': 'BSN',
	'case.framework.now': 'Nu: {framework}, fase {phase}',
	'case.history.caption': 'Geschiedenis van kader en fase',
	'case.history.version': 'Versie',
	'case.history.at': 'Datum',
	'case.history.by': 'Door',
	'case.history.framework': 'Kader',
	'case.history.phase': 'Fase',
	'case.history.reason': 'Reden',
	'case.history.informed': 'Gezin geïnformeerd',
	'case.history.informed_at': 'Ja, op {date}',
	'case.history.not_informed': 'Nog niet',
	'case.history.mark_informed': 'Vastleggen dat het gezin is geïnformeerd (versie {version})',
	'case.history.informed_note': 'Hoe en wanneer is het gezin geïnformeerd?',
	'case.history.informed_submit': 'Vastleggen',
	'case.history.informed_done': 'Vastgelegd dat het gezin is geïnformeerd.',
	'case.team.caption': 'Teamleden en hun rol',
	'case.team.login': 'Gebruiker',
	'case.team.role': 'Rol',
	'case.entries.empty': 'Er zijn geen aantekeningen die u mag zien.',
	'case.entry.source': 'Bron',
	'case.entry.category': 'Soort gegevens',
	'case.entry.subjects': 'Over',
	'case.entry.author': 'Vastgelegd door',
	'case.entry.verified': 'Gecontroleerd',
	'case.entry.verified_by': 'Ja, door {by} op {date}',
	'case.entry.not_verified': 'Nee, niet gecontroleerd',
	'case.entry.version': 'Versie',
	'case.entry.correction_reason': 'Reden van de laatste correctie',
	'case.entry.corrected_versions': 'Eerdere versies',
	'case.entry.corrected_version': 'Versie {version} ({date}): {text}',
	'case.entry.reactions': 'Reacties van betrokkenen',
	'case.entry.reaction': '{person} op {date}: {text}',
	'case.entry.anonymous': 'Anoniem: {kind}, {category}, vastgelegd op {date}.',
	'case.entry.correct': 'Corrigeren',
	'case.entry.react': 'Reactie toevoegen',
	'case.entry.correct_label': 'Aantekening {id} corrigeren',
	'case.entry.react_label': 'Reactie toevoegen aan aantekening {id}',
	'case.consents.empty': 'Er zijn geen toestemmingen vastgelegd.',
	'case.consent.heading': 'Toestemming {id}: {kind}',
	'case.consent.subject': 'Over',
	'case.consent.purpose': 'Doel',
	'case.consent.recipients': 'Ontvangers',
	'case.consent.no_recipients': 'niet opgegeven (dan is de toestemming niet specifiek)',
	'case.consent.categories': 'Soort gegevens',
	'case.consent.all_categories': 'niet beperkt',
	'case.consent.given_by': 'Gegeven door',
	'case.consent.state': 'Status',
	'case.consent.since': 'Sinds',
	'case.consent.valid_until': 'Geldig tot',
	'case.consent.how': 'Hoe verkregen',
	'case.consent.note': 'Notitie',
	'case.consent.withdraw': 'Toestemming intrekken',
	'case.consent.give': 'Toestemming vastleggen',
	'case.obligations.empty': 'Geen verplichtingen die u mag zien.',
	'case.decisions.empty': 'Geen besluiten die u mag zien.',
	'case.decisions.caption': 'Besluiten van de beslisregels',
	'case.decision.id': 'Besluit',
	'case.decision.at': 'Datum',
	'case.decision.by': 'Door',
	'case.decision.action': 'Handeling',
	'case.decision.outcome': 'Uitkomst',
	'case.decision.review': 'Opnieuw bekijken',
	'case.disclosures.caption': 'Verstrekkingen',
	'case.disclosures.empty': 'Er is niets verstrekt.',
	'case.disclosure.to': 'Aan',
	'case.disclosure.scope': 'Omvang',
	'case.disclosure.entries': 'Aantekeningen',
	'case.disclosure.state': 'Status',

	'withdraw.intro': 'Intrekken kan altijd en is even makkelijk als geven (R2.5). Het geldt vanaf nu; wat eerder rechtmatig is gedeeld, blijft rechtmatig.',
	'withdraw.by_person': 'Wie trekt de toestemming in?',
	'withdraw.choice': 'Wat doet het team nu? (R9.3)',
	'withdraw.note': 'Notitie',
	'withdraw.submit': 'Intrekken',
	'withdraw.done': 'De toestemming is ingetrokken.',
	'withdraw.stopped_one': '1 geplande verstrekking is gestopt.',
	'withdraw.stopped_many': '{n} geplande verstrekkingen zijn gestopt.',
	'withdraw.flagged_one': '1 besluit moet opnieuw worden bekeken.',
	'withdraw.flagged_many': '{n} besluiten moeten opnieuw worden bekeken.',
	'withdraw.obligation': 'Vertel het gezin wat het intrekken betekent: dat staat nu bij uw verplichtingen.',
	'withdraw.confirm_stop': 'Ik begrijp dat de casus hiermee wordt afgesloten',

		'give.subject': 'Over wie gaat de toestemming?',
	'give.kind': 'Soort toestemming',
	'give.purpose': 'Voor welk doel?',
	'give.recipients': 'Voor welke ontvangers? (soort organisatie)',
	'give.given_by': 'Wie geeft de toestemming?',
	'give.how_obtained': 'Hoe is de toestemming verkregen?',
	'give.present': 'Wie waren erbij?',
	'give.conditions': 'De toestemming is',
	'give.free': 'vrij gegeven, zonder druk',
	'give.unambiguous': 'ondubbelzinnig',
	'give.informed': 'geïnformeerd: de persoon weet waarvoor en met wie',
	'give.specific': 'specifiek voor dit doel',
	'give.explicit': 'uitdrukkelijk',
	'give.submit': 'Toestemming vastleggen',
	'give.done': 'De toestemming is vastgelegd als {id}.',

	'entry.title': 'Nieuwe aantekening in casus {id}',
	'entry.intro': 'Houd feiten, observaties, meningen en de zienswijze van het gezin uit elkaar, en noem altijd de bron (R7.1).',
	'entry.kind': 'Soort aantekening',
	'entry.category': 'Soort gegevens',
	'entry.source': 'Bron',
	'entry.source_hint': 'Van wie of waar komt dit? Bijvoorbeeld: eigen waarneming, school (mentor), de moeder.',
	'entry.text': 'Aantekening',
	'entry.subjects': 'Over wie gaat het?',
	'entry.verified': 'Ik heb dit gecontroleerd',
	'entry.hidden_from_persons': 'Afschermen voor (bijvoorbeeld voor iemands veiligheid)',
	'entry.restriction_reason': 'Reden van afscherming',
	'entry.submit': 'Vastleggen',
	'entry.done': 'De aantekening is vastgelegd als {id}.',
	'entry.questions': 'De beslisregels hebben eerst antwoord nodig op deze vragen.',
	'entry.denied': 'Vastleggen mag niet.',
	'entry.not_answerable': 'Dit weet het dossier niet. Vul het aan in het dossier (bijvoorbeeld een geboortedatum) of vraag de regievoerder.',

	'correct.title': 'Aantekening {id} corrigeren',
	'correct.intro': 'De oude versie blijft bewaard en zichtbaar als eerdere versie (R7.3).',
	'correct.text': 'Nieuwe tekst',
	'correct.reason': 'Waarom corrigeert u?',
	'correct.submit': 'Correctie vastleggen',
	'correct.done': 'De correctie is vastgelegd.',

	'react.title': 'Reactie van een betrokkene op aantekening {id}',
	'react.intro': 'Een betrokkene die het niet eens is met een aantekening, mag een eigen reactie laten toevoegen (R8.2).',
	'react.person': 'Van wie is de reactie?',
	'react.text': 'Reactie',
	'react.submit': 'Reactie toevoegen',
	'react.done': 'De reactie is toegevoegd.',

	'share.title': 'Mag ik dit delen?',
	'share.intro': 'Kies wat u wilt delen, met wie en waarom. De beslisregels lopen de stappen van de handreiking na en stellen alleen de vragen die nog open zijn.',
	'share.what': 'Wat wilt u delen?',
	'share.no_entries': 'Er zijn geen aantekeningen die u kunt delen.',
	'share.with_whom': 'Met wie?',
	'share.to_org': 'Een organisatie',
	'share.to_person': 'Een persoon uit het gezin',
	'share.why': 'Waarom? (het doel)',
	'share.why_hint': 'Bijvoorbeeld: afstemmen van de hulp aan Lisa met de GGZ.',
	'share.initiative': 'Hoe komt het delen tot stand?',
	'share.initiative.request': 'De ontvanger vraagt erom',
	'share.initiative.own': 'Op mijn eigen initiatief',
	'share.decide': 'Beoordelen',
	'share.redecide': 'Opnieuw beoordelen met mijn antwoorden',
	'share.questions': 'Beantwoord deze vragen',
	'share.questions_intro': 'Alleen wat het dossier niet weet, wordt gevraagd. Uw antwoorden worden bij het besluit vastgelegd. Eerder gegeven antwoorden staan er ook, zodat u ze kunt wijzigen.',
	'share.answer': 'Het antwoord',
	'share.motivation': 'Motivering',
	'share.steps': 'De stappen',
	'share.legal_refs': 'Wettelijke grondslagen en bronnen',
	'share.scope': 'U mag alleen dit delen',
	'share.obligations': 'Verplichtingen die hierbij horen',
	'share.alternatives': 'Andere mogelijkheden',
	'share.carry_out': 'Delen en vastleggen',
	'share.carried_out': 'Vastgelegd als verstrekking {id}. Gedeeld: {released}.',
	'share.obligations_none': 'Er zijn geen verplichtingen bij gekomen.',
	'share.obligations_one': 'Er is 1 verplichting bij gekomen; die staat bij uw verplichtingen.',
	'share.obligations_many': 'Er zijn {n} verplichtingen bij gekomen; die staan bij uw verplichtingen.',
	'share.carried_out_nothing': 'Er is niets verstrekt.',
	'share.print': 'Afdrukken voor het dossier',
	'share.decision_id': 'Besluit {id}',
	'share.pick_entry': 'Kies ten minste één aantekening.',
	'share.pick_recipient': 'Kies een ontvanger.',
	'share.need_purpose': 'Vul het doel in.',
	'share.answer_bool_yes': 'Ja',
	'share.answer_bool_no': 'Nee',
	'share.answer_unknown': 'Weet ik niet',
	'share.printed_at': 'Afgedrukt uit Zorgvuldig, casus {id}',

	'framework.title': 'Kader of fase wijzigen in casus {id}',
	'framework.intro': 'Een wijziging van kader of fase wordt met reden vastgelegd. Vertel het gezin wat er verandert (R6.4); lukt dat nu niet, dan komt er een verplichting bij.',
	'framework.framework': 'Kader',
	'framework.phase': 'Fase',
	'framework.reason': 'Reden van de wijziging',
	'framework.informed': 'Het gezin is over deze wijziging geïnformeerd',
	'framework.submit': 'Wijziging vastleggen',
	'framework.done': 'De wijziging is vastgelegd (versie {version}).',
	'framework.unchanged': 'Kies een ander kader of een andere fase.',

	'bg.title': 'Noodtoegang',
	'bg.intro': 'Alleen in een noodsituatie: u krijgt tijdelijk toegang tot een casus waarin u geen rol hebt. U noemt de reden; de privacyfunctionaris beoordeelt elke noodtoegang achteraf.',
	'bg.case': 'Casusnummer',
	'bg.reason': 'Reden van de noodtoegang',
	'bg.hours': 'Voor hoeveel uur? (1 tot en met 72)',
	'bg.submit': 'Noodtoegang vragen',
	'bg.done': 'U hebt noodtoegang tot casus {id} voor {hours} uur (toegang {grant}).',
	'bg.open_case': 'Open casus {id}',
	'bg.review_title': 'Te beoordelen noodtoegang',
	'bg.review_intro': 'Als privacyfunctionaris beoordeelt u elke noodtoegang: was die nodig en is de reden voldoende?',
	'bg.review_empty': 'Er is geen noodtoegang te beoordelen.',
	'bg.review_item': '{login} op casus {case}',
	'bg.review_reason': 'Reden',
	'bg.review_when': 'Van {from} tot {until}',
	'bg.review_note': 'Uw beoordeling',
	'bg.review_submit': 'Beoordeling vastleggen',
	'bg.review_done': 'De beoordeling is vastgelegd.',

	'audit.title': 'Auditlog',
	'audit.intro': 'Wie heeft wat gezien of gedaan, wanneer en waarom. Elke zoekvraag wordt zelf ook in het auditlog vastgelegd.',
	'audit.search': 'Zoeken',
	'audit.by': 'Zoeken op',
	'audit.by.person': 'Persoon (nummer)',
	'audit.by.user': 'Gebruiker (gebruikersnaam)',
	'audit.by.case': 'Casus (casusnummer)',
	'audit.id': 'Nummer of gebruikersnaam',
	'audit.from': 'Vanaf (datum)',
	'audit.to': 'Tot en met (datum)',
	'audit.submit': 'Zoeken',
	'audit.results_one': 'Gevonden: 1 gebeurtenis',
	'audit.results_many': 'Gevonden: {count} gebeurtenissen',
	'audit.empty': 'Geen gebeurtenissen gevonden.',
	'audit.caption': 'Gebeurtenissen in het auditlog',
	'audit.col.seq': 'Nr.',
	'audit.col.at': 'Wanneer',
	'audit.col.who': 'Wie',
	'audit.col.action': 'Wat',
	'audit.col.whose': 'Over',
	'audit.col.why': 'Waarom',
	'audit.col.note': 'Toelichting (uit het log, Engels)',
	'audit.col.outcome': 'Uitkomst',
	'audit.verify': 'Controleren',
	'audit.verify_intro': 'Controleer of het auditlog compleet en ongewijzigd is: elke gebeurtenis, elke ondertekende stand.',
	'audit.verify_submit': 'Auditlog controleren',
	'audit.verify_ok': 'Het auditlog is in orde: {events} gebeurtenissen en {heads} ondertekende standen gecontroleerd.',
	'audit.verify_failed': 'Het auditlog is niet in orde: de controle faalt bij gebeurtenis {event}. Meld dit direct aan de privacyfunctionaris en de beheerder; de technische melding staat hieronder.',
	'audit.not_permitted': 'Alleen de privacyfunctionaris en de auditor mogen het auditlog doorzoeken.',

	'decision.rules': 'Regels: {rules}',
	'decision.question_rule': '(regel {rule})'
};

/* Dutch names of the API's code names, by kind. */
const LABELS = {
	/* Members of the API's requests, for errors that name one. */
	field: {
		login: 'gebruikersnaam', password: 'wachtwoord', totp: 'code', subjects: 'over wie het gaat',
		text: 'tekst', source: 'bron', kind: 'soort', category: 'soort gegevens', purpose: 'doel',
		reason: 'reden', note: 'notitie', entries: 'aantekeningen', to: 'ontvanger', to_person: 'ontvanger',
		version: 'versie', hours: 'aantal uren', person: 'persoon', by_person: 'wie intrekt',
		choice: 'wat het team nu doet', given_by: 'wie toestemming geeft', subject: 'over wie',
		recipients: 'ontvangers', change: 'wijziging', framework: 'kader', phase: 'fase',
		restriction_reason: 'reden van afscherming', hidden_from_persons: 'afschermen voor',
		answers: 'antwoorden', how_obtained: 'hoe verkregen', present: 'wie erbij waren', by: 'wie intrekt',
		persons: 'personen', provision: 'wetsartikel', '?from': 'vanaf', '?to': 'tot en met', '?user': 'gebruiker',
		'?case': 'casus', '?person': 'persoon', '?': 'zoeken op'
	},
	outcome: {
		allowed: 'Ja', allowed_limited: 'Ja, beperkt',
		judgement_required: 'Afweging nodig', denied: 'Nee'
	},
	outcome_long: {
		allowed: 'Ja, dit mag.',
		allowed_limited: 'Ja, beperkt: alleen wat hieronder staat.',
		judgement_required: 'Afweging nodig: beantwoord eerst de vragen.',
		denied: 'Nee, dit mag niet.'
	},
	framework: {
		advice_only: 'alleen advies', voluntary: 'vrijwillig', pressure: 'drang', compulsory: 'dwang'
	},
	phase: {
		direct_safety: 'directe veiligheid', risk_driven_care: 'risicogestuurde zorg',
		recovery: 'herstel', closed: 'afgesloten'
	},
	case_role: {
		lead: 'regievoerder', directly_involved: 'rechtstreeks betrokken', substitute: 'vervanger',
		advisor: 'adviseur', none: 'geen', break_the_glass: 'noodtoegang'
	},
	person_role: { child: 'kind', parent: 'ouder', adult: 'volwassene', other: 'anders' },
	entry_kind: { fact: 'Feit', observation: 'Observatie', opinion: 'Mening', view: 'Zienswijze' },
	category: {
		ordinary: 'gewone gegevens', health: 'gezondheidsgegevens', special_other: 'andere bijzondere gegevens',
		criminal: 'strafrechtelijke gegevens'
	},
	consent_kind: {
		processing: 'verwerking', secrecy_release: 'doorbreken beroepsgeheim', treatment: 'behandeling',
		participation: 'deelname', agreement: 'instemming'
	},
	consent_state: {
		requested: 'gevraagd', given: 'gegeven', refused: 'geweigerd', renewed: 'vernieuwd',
		expired: 'verlopen', withdrawn: 'ingetrokken'
	},
	withdraw_choice: {
		stop: 'stoppen: de casus wordt afgesloten',
		hand_over: 'overdragen aan de moederorganisatie (het kader wordt dwang)',
		continue_compulsory: 'doorgaan in het dwangkader'
	},
	org_kind: {
		local_team: 'Lokaal team', regional_safety_team: 'Regionaal Veiligheidsteam',
		veilig_thuis: 'Veilig Thuis', rvdk: 'Raad voor de Kinderbescherming',
		gi: 'Gecertificeerde Instelling', youth_care: 'Jeugdhulpaanbieder', ggz: 'GGZ',
		gp: 'Huisarts', hospital: 'Ziekenhuis', school: 'School', police: 'Politie',
		om: 'Openbaar Ministerie', probation: 'Reclassering (3RO)', municipality: 'Gemeente',
		ministry: 'Ministerie', cbs: 'CBS', other: 'Andere organisatie'
	},
	action: {
		record: 'vastleggen', request: 'opvragen', disclose: 'verstrekken', view: 'inzien',
		enrich: 'verrijken', access: 'inzage', correct: 'corrigeren', export: 'exporteren',
		configure: 'instellen', sign_in: 'inloggen', audit_search: 'auditlog doorzocht',
		break_the_glass: 'noodtoegang', review: 'beoordelen', consent: 'toestemming',
		destroy: 'vernietigen', config_change: 'instelling gewijzigd',
		decide: 'beslisregels gevraagd', sign_in_failure: 'inloggen mislukt'
	},
	audit_outcome: { done: 'gedaan', refused: 'geweigerd', failed: 'mislukt' },
	disclosure_state: { pending: 'voorbereid', done: 'verstrekt', stopped: 'gestopt' },
	scope: {
		content: 'de inhoud', minimal: 'het minimum', existence_only: 'alleen dát iemand bekend is',
		anonymous: 'anoniem'
	},
	step_result: { ok: 'in orde', fail: 'niet in orde', question: 'vraag open', not_applicable: 'niet van toepassing' },
	step: {
		purpose_and_task: 'Doel en taak', legal_basis: 'Grondslag',
		necessity: 'Noodzaak, evenredigheid en subsidiariteit',
		special_categories: 'Bijzondere en strafrechtelijke gegevens',
		professional_secrecy: 'Beroepsgeheim', transparency: 'Transparantie naar het gezin',
		accuracy: 'Juistheid', rights: 'Rechten van betrokkenen', consent: 'Toestemming',
		enrichment: 'Verrijken door Veilig Thuis', zorg_straf: 'Zorg en straf', framework: 'Kader'
	},
	secrecy_ground: {
		consent: 'toestemming', directly_involved: 'rechtstreeks betrokken',
		parent_with_authority: 'ouder met gezag', legal_power: 'wettelijke bevoegdheid (meldrecht)',
		legal_duty: 'wettelijke plicht', conflict_of_duties: 'conflict van plichten', none: 'geen'
	},
	reason_not_informed: {
		safety: 'voor de veiligheid van iemand', investigation: 'voor een onderzoek van Veilig Thuis',
		statutory: 'op een andere wettelijke grond', none: 'geen reden'
	}
};

function fill(text, vars) {
	return text.replace(/\{(\w+)\}/g, (whole, name) =>
		vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole);
}

/* The message `key`, with its placeholders filled from `vars`. An unknown key
 * is a programming error: it is shown as itself, so a test sees it. */
export function t(key, vars) {
	const text = MESSAGES[key];
	return text === undefined ? key : fill(text, vars);
}

/* The Dutch name of code `code` of kind `kind`; the code itself when the
 * catalogue has none (a new code of the API shows, rather than vanishes). */
export function label(kind, code) {
	if (code === null || code === undefined)
		return t('app.unknown');
	const names = LABELS[kind];
	return names && names[code] !== undefined ? names[code] : String(code);
}

/* The codes of a kind, in catalogue order: for select lists. */
export function codes(kind) {
	return Object.keys(LABELS[kind] || {});
}

/* Every key, for the test that checks that screens use only known keys. */
export function messageKeys() {
	return Object.keys(MESSAGES);
}
