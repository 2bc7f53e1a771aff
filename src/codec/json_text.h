/*
 * json_text.h — internal to src/codec: what the bytes of JSON text are,
 * shared by the reader (json_dom.c) and the writers (decision_write.c), so
 * that both hold one definition of valid UTF-8 and of the bytes a string
 * may carry as they are.
 */
#ifndef ZV_CODEC_JSON_TEXT_H
#define ZV_CODEC_JSON_TEXT_H

#include <stddef.h>

enum json_byte {
	JSON_BYTE_PLAIN,     /* printable ASCII but '"' and '\\': as it is */
	JSON_BYTE_DEL,       /* 0x7F: as it is when read, escaped when written */
	JSON_BYTE_SPECIAL,   /* control characters, '"', '\\' */
	JSON_BYTE_HIGH,      /* 0x80–0xFF: part of a UTF-8 sequence, or invalid */
};

extern const unsigned char JSON_BYTES[256];   /* enum json_byte of each byte */

/* The length of the valid UTF-8 sequence at s[0..n) (1 for ASCII), or 0:
 * no overlong forms, no surrogates, nothing past U+10FFFF, nothing cut. */
size_t json_utf8_length(const unsigned char *s, size_t n);

#endif /* ZV_CODEC_JSON_TEXT_H */
