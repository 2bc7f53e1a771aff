/*
 * scan.c — the first look at JSON text before any parser sees it: a NUL
 * byte, or nesting deeper than a bound (counting brackets outside strings).
 * Shared by the situation parser and the configuration reader, which each
 * say what it means in their own words.
 */
#include "zv/base.h"

enum zv_json_scan zv_json_prescan(const char *json, size_t len, int max_depth, size_t *at)
{
	int depth = 0;
	bool in_string = false, escaped = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)json[i];
		*at = i;
		if (ch == 0)
			return ZV_SCAN_NUL;
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (ch == '\\')
				escaped = true;
			else if (ch == '"')
				in_string = false;
		} else if (ch == '"') {
			in_string = true;
		} else if (ch == '{' || ch == '[') {
			if (++depth > max_depth)
				return ZV_SCAN_TOO_DEEP;
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	return ZV_SCAN_OK;
}
