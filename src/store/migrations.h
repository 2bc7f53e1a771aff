/*
 * migrations.h — internal to src/store: the numbered schema migrations.
 *
 * A migration is applied once, in order, in its own transaction, and
 * recorded in schema_migration. Never edit a migration that has shipped;
 * add the next number.
 */
#ifndef ZV_STORE_MIGRATIONS_H
#define ZV_STORE_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration ZV_MIGRATIONS[];
extern const int ZV_MIGRATION_COUNT;

#endif /* ZV_STORE_MIGRATIONS_H */
