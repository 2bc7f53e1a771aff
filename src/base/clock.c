/*
 * clock.c — the machine's clock, for the programs around the engine (the
 * engine itself never reads it: a situation carries its date). Kept apart
 * from date.c, whose functions are pure.
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include "zv/base.h"

int64_t zv_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

zv_day zv_today_local(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return zv_date_from_ymd(1970, 1, 1);
	return zv_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
