/*
 * text.c -- numbers, UTF-8, control characters and display widths.  See
 * corridor/text.h.
 */
#define _GNU_SOURCE /* wcwidth, uselocale */
#include "corridor/text.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int cor_parse_decimal(const char *s, double *v)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return -1;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return -1;
    errno = 0;
    char *end;
    double r = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(r))
        return -1;
    *v = r;
    return 0;
}

size_t cor_utf8_len(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    unsigned cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* The code point of the valid sequence of n bytes at p. */
static uint32_t decode(const unsigned char *p, size_t n)
{
    if (n == 1)
        return p[0];
    uint32_t cp = p[0] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    return cp;
}

size_t cor_utf8_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = cor_utf8_len(p + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

int cor_is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0x2028 ||
           cp == 0x2029;
}

size_t cor_text_find_control(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        if (p[i] >= 0x20 && p[i] < 0x7F) { /* printable ASCII: the common case */
            i++;
            continue;
        }
        size_t n = cor_utf8_len(p + i, len - i);
        if (!n)
            return len; /* not valid UTF-8: checked elsewhere */
        uint32_t c = decode(p + i, n);
        if (cor_is_control(c)) {
            if (cp)
                *cp = c;
            return i;
        }
        i += n;
    }
    return len;
}

int cor_text_blank(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = cor_utf8_len(p + i, len - i);
        if (!n)
            return 0;
        uint32_t c = decode(p + i, n);
        /* ASCII and Unicode white space (no-break, the en/em family,
         * ideographic) */
        if (!(c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
              c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF))
            return 0;
        i += n;
    }
    return 1;
}

/* ---- display widths ------------------------------------------------ */

static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;
static locale_t utf8_locale = (locale_t)0;

static void utf8_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static int cp_width(uint32_t cp)
{
    if (utf8_locale == (locale_t)0)
        return 1;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

size_t cor_text_width(const char *s)
{
    pthread_once(&utf8_once, utf8_init);
    locale_t old = utf8_locale ? uselocale(utf8_locale) : (locale_t)0;
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), w = 0;
    for (size_t i = 0; i < len;) {
        size_t n = cor_utf8_len(p + i, len - i);
        if (!n) {
            w++;
            i++;
            continue;
        }
        w += (size_t)cp_width(decode(p + i, n));
        i += n;
    }
    if (utf8_locale)
        uselocale(old);
    return w;
}

size_t cor_text_display(const char *s, char *buf, size_t size, size_t max_cols)
{
    if (!s)
        s = "";
    pthread_once(&utf8_once, utf8_init);
    locale_t old = utf8_locale ? uselocale(utf8_locale) : (locale_t)0;
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), o = 0, cols = 0;
    /* the last place where "..." still fits, to cut back to */
    size_t cut_o = 0, cut_cols = 0;
    int cut = 0;
    if (max_cols && max_cols < 3)
        max_cols = 3;
    for (size_t i = 0; i < len;) {
        char piece[16];
        size_t pn, pw;
        size_t n = cor_utf8_len(p + i, len - i);
        if (!n) {
            memcpy(piece, "\xEF\xBF\xBD", 3); /* U+FFFD */
            pn = 3;
            pw = 1;
            n = 1;
        } else {
            uint32_t c = decode(p + i, n);
            if (cor_is_control(c)) {
                pn = (size_t)snprintf(piece, sizeof piece, c < 0x100 ? "\\x%02X" : "<U+%04X>", (unsigned)c);
                pw = pn;
            } else {
                memcpy(piece, p + i, n);
                pn = n;
                pw = (size_t)cp_width(c);
            }
        }
        if ((max_cols && cols + 3 <= max_cols) && o + 4 <= size) {
            cut_o = o;
            cut_cols = cols;
        }
        if ((max_cols && cols + pw > max_cols) || o + pn + 1 > size) {
            cut = 1;
            break;
        }
        memcpy(buf + o, piece, pn);
        o += pn;
        cols += pw;
        i += n;
    }
    if (cut) {
        /* cut back so that "..." fits, between characters */
        if (!max_cols) {
            cut_o = o;
            cut_cols = cols;
            while (cut_o > 0 && cut_o + 4 > size) {
                cut_o--;
                while (cut_o > 0 && ((unsigned char)buf[cut_o] & 0xC0) == 0x80)
                    cut_o--;
            }
            cut_cols = 0; /* recomputed below */
        }
        if (cut_o + 4 <= size) {
            memcpy(buf + cut_o, "...", 3);
            o = cut_o + 3;
        } else {
            o = 0;
        }
        buf[o] = '\0';
        if (utf8_locale)
            uselocale(old);
        return max_cols ? cut_cols + 3 : cor_text_width(buf);
    }
    buf[o] = '\0';
    if (utf8_locale)
        uselocale(old);
    return cols;
}

void cor_text_copy(char *buf, size_t size, const char *s)
{
    if (size == 0)
        return;
    size_t len = strlen(s);
    if (len < size) {
        memcpy(buf, s, len + 1);
        return;
    }
    size_t n = size - 1;
    /* back off to a character boundary */
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, s, n);
    buf[n] = '\0';
}
