/*
 * date.c — civil dates as day numbers, and Dutch working days.
 *
 * Day numbers count from 1970-01-01 in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). Terms of Dutch law are computed on
 * top: the Algemene termijnenwet makes a term that ends on a Saturday,
 * Sunday or recognised holiday end on the next working day (art. 1), and
 * names the holidays (art. 3): New Year's Day, Easter Monday, Ascension Day,
 * Whit Monday, Christmas Day and Boxing Day, the King's birthday as
 * celebrated, and 5 May; art. 3(2) adds Good Friday. Pure functions only.
 */
#include "zv/base.h"


static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

bool zv_date_valid(int year, int month, int day)
{
	return year >= ZV_YEAR_MIN && year <= ZV_YEAR_MAX && month >= 1 && month <= 12 &&
	       day >= 1 && day <= days_in_month(year, month);
}

zv_day zv_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (zv_day)(era * 146097 + doe - 719468);
}

void zv_date_to_ymd(zv_day z, int *year, int *month, int *day)
{
	int32_t zz = z + 719468;
	const int32_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
	const int32_t doe = zz - era * 146097;
	const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int32_t mp = (5 * doy + 2) / 153;
	const int32_t d = doy - (153 * mp + 2) / 5 + 1;
	const int32_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static bool two_digits(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

bool zv_date_parse(const char *s, size_t n, zv_day *out)
{
	int hi, lo, m, d;
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!two_digits(s, &hi) || !two_digits(s + 2, &lo) || !two_digits(s + 5, &m) ||
	    !two_digits(s + 8, &d))
		return false;
	int y = hi * 100 + lo;
	if (!zv_date_valid(y, m, d))
		return false;
	*out = zv_date_from_ymd(y, m, d);
	return true;
}

void zv_date_format(zv_day z, char out[11])
{
	int y, m, d;
	zv_date_to_ymd(z, &y, &m, &d);
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + um / 10);
	out[6] = (char)('0' + um % 10);
	out[7] = '-';
	out[8] = (char)('0' + ud / 10);
	out[9] = (char)('0' + ud % 10);
	out[10] = '\0';
}

int zv_date_weekday(zv_day z)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((z % 7 + 7) % 7);
	return (w + 3) % 7;
}

zv_day zv_date_easter(int y)
{
	/* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return zv_date_from_ymd(y, month, day);
}

/* The day on which the King's (or Queen's) birthday is celebrated. */
static zv_day kings_day(int y)
{
	if (y >= 2014) {  /* Koningsdag: 27 April, the 26th when that is a Sunday */
		zv_day d = zv_date_from_ymd(y, 4, 27);
		return zv_date_weekday(d) == 6 ? d - 1 : d;
	}
	if (y >= 1949) {  /* Koninginnedag: 30 April */
		zv_day d = zv_date_from_ymd(y, 4, 30);
		if (zv_date_weekday(d) == 6)
			return y >= 1980 ? d - 1 : d + 1;
		return d;
	}
	return zv_date_from_ymd(y, 8, 31);
}

bool zv_date_is_holiday_nl(zv_day z)
{
	int y, m, d;
	zv_date_to_ymd(z, &y, &m, &d);
	if ((m == 1 && d == 1) || (m == 12 && (d == 25 || d == 26)))
		return true;
	if (m == 5 && d == 5 && y >= 1982)  /* added to art. 3 in 1981 */
		return true;
	if (z == kings_day(y))
		return true;
	zv_day easter = zv_date_easter(y);
	return z == easter - 2       /* Good Friday (art. 3(2)) */
	    || z == easter + 1       /* Easter Monday */
	    || z == easter + 39      /* Ascension Day */
	    || z == easter + 50;     /* Whit Monday */
}

bool zv_date_is_working_day_nl(zv_day z)
{
	return zv_date_weekday(z) < 5 && !zv_date_is_holiday_nl(z);
}

zv_day zv_date_add_working_days_nl(zv_day z, int n)
{
	while (n > 0) {
		z++;
		if (zv_date_is_working_day_nl(z))
			n--;
	}
	return z;
}

zv_day zv_date_term_end_nl(zv_day z)
{
	while (!zv_date_is_working_day_nl(z))
		z++;
	return z;
}

zv_day zv_date_add_months(zv_day z, int n)
{
	int y, m, d;
	zv_date_to_ymd(z, &y, &m, &d);
	int months = y * 12 + (m - 1) + n;
	y = months / 12;
	m = months % 12 + 1;
	int last = days_in_month(y, m);
	return zv_date_from_ymd(y, m, d > last ? last : d);
}
