/*
 * clock.c — the machine's clock, for the programs around the engine (the
 * engine itself never reads it: a situation carries its date). Kept apart
 * from date.c, whose functions are pure.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "zv/base.h"

zv_day zv_today_local(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return zv_date_from_ymd(1970, 1, 1);
	return zv_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
