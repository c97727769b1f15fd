/*
 * corridor/text.h -- text that stays text: numbers parsed one way
 * everywhere, UTF-8 checked, control characters found and escaped, and
 * strings cut only between characters.
 *
 * Names in a network (and every other text field) are valid UTF-8 without
 * control or invisible formatting characters (see cor_text_find_control);
 * the loader refuses others.  Writers for people (tables, charts, messages
 * that echo an argument) still pass text through cor_text_display(), so a
 * string from anywhere else (a command-line argument, a file name) cannot
 * move the cursor, clear the screen or reverse the line on a terminal.
 *
 * Display widths use the C library's wcwidth() in the C.UTF-8 locale (for
 * the calling thread only, restored after), one column per character when
 * that locale is missing.
 */
#ifndef CORRIDOR_TEXT_H
#define CORRIDOR_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Longest name or alias of a place, corridor or border, in bytes. */
#define COR_MAX_NAME_BYTES 256u

/* Parse a plain decimal number as the CSV files write them: an optional
 * sign, digits with an optional fraction, an optional exponent; no hex, no
 * spaces, no "inf" or "nan"; the result finite.  0 on success, -1 if s is
 * not such a number. */
int cor_parse_decimal(const char *s, double *v);

/* Length of the valid UTF-8 sequence at p (1-4), 0 if invalid. */
size_t cor_utf8_len(const unsigned char *p, size_t avail);

/* Byte offset of the first invalid UTF-8 sequence of s[0..len), or len. */
size_t cor_utf8_check(const char *s, size_t len);

/* Is the code point a control or invisible formatting character that a
 * name must not hold?  C0 controls (U+0000-U+001F), DEL, C1 controls
 * (U+0080-U+009F), the bidirectional embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069), marks U+200E, U+200F, U+061C, and the
 * line and paragraph separators U+2028, U+2029. */
int cor_is_control(uint32_t cp);

/* Byte offset of the first control character in valid UTF-8 s[0..len),
 * or len; its code point in *cp. */
size_t cor_text_find_control(const char *s, size_t len, uint32_t *cp);

/* Is s (valid UTF-8) blank: empty or only spaces and other white space? */
int cor_text_blank(const char *s, size_t len);

/* Copy s into buf (size > 0 bytes) as safe display text: each control
 * character becomes a visible escape ("\x1B", "<U+202E>"), each invalid
 * byte U+FFFD; if the result would exceed max_cols columns (0 = no limit)
 * or the buffer, it is cut between characters and ends in "...".  Returns
 * the display width of buf. */
size_t cor_text_display(const char *s, char *buf, size_t size, size_t max_cols);

/* Display width of valid UTF-8 s, in terminal columns. */
size_t cor_text_width(const char *s);

/* snprintf(buf, size, "%s", s) that never cuts a character in two. */
void cor_text_copy(char *buf, size_t size, const char *s);

#endif
