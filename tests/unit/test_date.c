/*
 * test_date.c — civil dates and the Dutch working days of the Algemene
 * termijnenwet, which the deadlines of R10.3 and R8.2 are computed with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "zv/base.h"

static zv_day D(int y, int m, int d)
{
	return zv_date_from_ymd(y, m, d);
}

static void assert_date(zv_day got, const char *want)
{
	char buf[11];
	zv_date_format(got, buf);
	assert_string_equal(buf, want);
}

static void round_trip_over_three_centuries(void **state)
{
	(void)state;
	for (zv_day z = D(1900, 1, 1); z <= D(2199, 12, 31); z += 17) {
		int y, m, d;
		zv_date_to_ymd(z, &y, &m, &d);
		assert_int_equal(zv_date_from_ymd(y, m, d), z);
		char buf[11];
		zv_date_format(z, buf);
		zv_day back;
		assert_true(zv_date_parse(buf, 10, &back));
		assert_int_equal(back, z);
	}
	assert_int_equal(D(1970, 1, 1), 0);
}

static void impossible_dates_are_refused(void **state)
{
	(void)state;
	zv_day z;
	const char *bad[] = {"2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
			     "26-11-28", "2026-1-01", "2026/11/28", "2026-11-28T00:00", "abcd-ef-gh",
			     "1899-12-31", "2200-01-01", "", "2026-11-2 "};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(zv_date_parse(bad[i], strlen(bad[i]), &z));
	assert_true(zv_date_parse("2024-02-29", 10, &z));
	assert_true(zv_date_parse("2000-02-29", 10, &z));
	assert_false(zv_date_parse("1900-02-29", 10, &z));
}

static void weekdays(void **state)
{
	(void)state;
	assert_int_equal(zv_date_weekday(D(1970, 1, 1)), 3);   /* Thursday */
	assert_int_equal(zv_date_weekday(D(2026, 11, 28)), 5); /* Saturday */
	assert_int_equal(zv_date_weekday(D(2026, 11, 30)), 0); /* Monday */
}

static void easter_dates(void **state)
{
	(void)state;
	assert_date(zv_date_easter(2024), "2024-03-31");
	assert_date(zv_date_easter(2025), "2025-04-20");
	assert_date(zv_date_easter(2026), "2026-04-05");
	assert_date(zv_date_easter(2027), "2027-03-28");
	assert_date(zv_date_easter(2038), "2038-04-25");   /* latest possible */
	assert_date(zv_date_easter(2019), "2019-04-21");
}

static void holidays_of_the_algemene_termijnenwet(void **state)
{
	(void)state;
	const char *holidays_2026[] = {"2026-01-01", "2026-04-03" /* Good Friday */,
				       "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14",
				       "2026-05-25", "2026-12-25", "2026-12-26"};
	for (size_t i = 0; i < sizeof holidays_2026 / sizeof *holidays_2026; i++) {
		zv_day z;
		assert_true(zv_date_parse(holidays_2026[i], 10, &z));
		assert_true(zv_date_is_holiday_nl(z));
		assert_false(zv_date_is_working_day_nl(z));
	}
	assert_false(zv_date_is_holiday_nl(D(2026, 4, 5)));   /* Easter Sunday: a Sunday */
	assert_false(zv_date_is_holiday_nl(D(2026, 4, 28)));
	/* King's Day on a Sunday moves to the Saturday before (2025). */
	assert_true(zv_date_is_holiday_nl(D(2025, 4, 26)));
	assert_false(zv_date_is_holiday_nl(D(2025, 4, 27)));
	/* Queen's Day before 2014. */
	assert_true(zv_date_is_holiday_nl(D(2013, 4, 30)));
	assert_false(zv_date_is_holiday_nl(D(2013, 4, 27)));
	assert_true(zv_date_is_working_day_nl(D(2026, 11, 30)));
	assert_false(zv_date_is_working_day_nl(D(2026, 11, 28)));
}

static void five_working_days_skip_easter(void **state)
{
	(void)state;
	/* Wednesday 1 April 2026: Thu 2 (1), Good Friday, weekend, Easter Monday,
	 * Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5). */
	assert_date(zv_date_add_working_days_nl(D(2026, 4, 1), 5), "2026-04-10");
	/* An ordinary week: Monday → next Monday. */
	assert_date(zv_date_add_working_days_nl(D(2026, 11, 2), 5), "2026-11-09");
	/* Over Christmas: Wed 23 Dec → Thu 24 (1), Mon 28 (2) … Thu 31 (5). */
	assert_date(zv_date_add_working_days_nl(D(2026, 12, 23), 5), "2026-12-31");
}

static void terms_end_on_a_working_day(void **state)
{
	(void)state;
	assert_date(zv_date_term_end_nl(D(2026, 4, 4)), "2026-04-07");   /* Sat → after Easter Monday */
	assert_date(zv_date_term_end_nl(D(2026, 11, 30)), "2026-11-30");
	assert_date(zv_date_term_end_nl(D(2026, 12, 25)), "2026-12-28");
}

static void months_clamp_to_the_last_day(void **state)
{
	(void)state;
	assert_date(zv_date_add_months(D(2026, 1, 31), 1), "2026-02-28");
	assert_date(zv_date_add_months(D(2024, 1, 31), 1), "2024-02-29");
	assert_date(zv_date_add_months(D(2026, 11, 28), 1), "2026-12-28");
	assert_date(zv_date_add_months(D(2026, 12, 15), 1), "2027-01-15");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_over_three_centuries),
		cmocka_unit_test(impossible_dates_are_refused),
		cmocka_unit_test(weekdays),
		cmocka_unit_test(easter_dates),
		cmocka_unit_test(holidays_of_the_algemene_termijnenwet),
		cmocka_unit_test(five_working_days_skip_easter),
		cmocka_unit_test(terms_end_on_a_working_day),
		cmocka_unit_test(months_clamp_to_the_last_day),
	};
	return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
