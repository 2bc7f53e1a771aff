/*
 * vocabulary.h — internal to src/codec: the contract's lists of values that
 * the engine does not name itself (docs/decision-api.md), shared by the
 * parser and the writer so that they can never disagree. Index = the enum's
 * value; NULL where a value has no name (absent, or not allowed there).
 */
#ifndef ZV_CODEC_VOCABULARY_H
#define ZV_CODEC_VOCABULARY_H

extern const char *const INITIATIVES[2];
extern const char *const PURPOSE_KINDS[3];
extern const char *const ACTING_FOR[6];
extern const char *const SECRECY[6];
extern const char *const CASE_ROLES[6];
extern const char *const PERSON_ROLES[4];
extern const char *const IDENTIFIABILITY[3];
extern const char *const DATA_SCOPES[2];
extern const char *const GROUNDS[7];
extern const char *const SECRECY_GROUNDS[8];
extern const char *const REASONS[5];
extern const char *const FRAMEWORKS[5];
extern const char *const CONSENT_KINDS[5];

#endif /* ZV_CODEC_VOCABULARY_H */
