#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int rb_verbose;

int err_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("reapbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	return -1;
}

void debug_msg(const char *fmt, ...)
{
	va_list ap;

	if (!rb_verbose)
		return;
	fputs("reapbench: debug: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

void now_iso8601(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Sizes and durations: decimal digits, optionally a '.' and at most 6 more
 * digits, then a unit. The value is computed in integers and must come out
 * whole in the base unit (1.5K is 1536 bytes, 0.1K is refused); exponents,
 * signs, spaces, hex and anything past the unit are refused, and so is a
 * value that does not fit in 64 bits (errno ERANGE then).
 */
#define FRAC_DIGITS_MAX 6

static int parse_scaled(const char *s, const char **unit, uint64_t *whole, uint64_t *frac,
			uint64_t *frac_div)
{
	const char *c = s;

	*whole = 0;
	*frac = 0;
	*frac_div = 1;
	if (!s || !isdigit((unsigned char)*c))
		return -1;
	for (; isdigit((unsigned char)*c); c++)
		if (__builtin_mul_overflow(*whole, 10, whole) ||
		    __builtin_add_overflow(*whole, (uint64_t)(*c - '0'), whole)) {
			errno = ERANGE;
			return -1;
		}
	if (*c == '.') {
		c++;
		if (!isdigit((unsigned char)*c))
			return -1;
		for (; isdigit((unsigned char)*c); c++) {
			if (*frac_div == 1000000)	/* FRAC_DIGITS_MAX digits */
				return -1;
			*frac = *frac * 10 + (uint64_t)(*c - '0');
			*frac_div *= 10;
		}
	}
	*unit = c;
	return 0;
}

/* whole.frac * mult, exactly; -1 when it overflows or is not whole. */
static int scale_exact(uint64_t whole, uint64_t frac, uint64_t frac_div, uint64_t mult,
		       uint64_t *out)
{
	uint64_t a, b;

	if (__builtin_mul_overflow(whole, mult, &a) || __builtin_mul_overflow(frac, mult, &b) ||
	    __builtin_add_overflow(a, b / frac_div, out)) {
		errno = ERANGE;
		return -1;
	}
	return b % frac_div ? -1 : 0;
}

struct unit_mult {
	const char *suffix;
	uint64_t mult;
};

/* s as a number with one of units' suffixes, scaled exactly; cmp compares suffixes. */
static int parse_with_units(const char *s, const struct unit_mult *units, size_t n_units,
			    int (*cmp)(const char *, const char *), uint64_t *out)
{
	uint64_t whole, frac, div;
	const char *unit;
	size_t i;

	if (parse_scaled(s, &unit, &whole, &frac, &div))
		return -1;
	for (i = 0; i < n_units; i++)
		if (!cmp(unit, units[i].suffix))
			return scale_exact(whole, frac, div, units[i].mult, out);
	return -1;
}

int parse_size(const char *s, uint64_t *bytes)
{
	static const struct unit_mult units[] = {
		{ "", 1 }, { "B", 1 },
		{ "K", 1ULL << 10 }, { "KB", 1ULL << 10 }, { "KiB", 1ULL << 10 },
		{ "M", 1ULL << 20 }, { "MB", 1ULL << 20 }, { "MiB", 1ULL << 20 },
		{ "G", 1ULL << 30 }, { "GB", 1ULL << 30 }, { "GiB", 1ULL << 30 },
		{ "T", 1ULL << 40 }, { "TB", 1ULL << 40 }, { "TiB", 1ULL << 40 },
	};

	return parse_with_units(s, units, ARRAY_SIZE(units), strcasecmp, bytes);
}

int parse_duration_us(const char *s, uint64_t *us)
{
	static const struct unit_mult units[] = {
		{ "", 1 }, { "us", 1 }, { "ms", 1000 }, { "s", 1000000 },
	};

	return parse_with_units(s, units, ARRAY_SIZE(units), strcmp, us);
}

int parse_u64(const char *s, uint64_t *out)
{
	const char *unit;
	uint64_t frac, div;

	if (parse_scaled(s, &unit, out, &frac, &div) || div != 1 || *unit)
		return -1;
	return 0;
}

void printable(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	if (!len)
		return;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char tmp[5];
		size_t n;

		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			n = (size_t)snprintf(tmp, sizeof(tmp), "%c", ch);
		else
			n = (size_t)snprintf(tmp, sizeof(tmp), "\\x%02x", ch);
		if (o + n + 4 > len) {	/* room for "..." and the NUL */
			snprintf(buf + o, len - o, "...");
			return;
		}
		memcpy(buf + o, tmp, n);
		o += n;
	}
	buf[o] = 0;
}

int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

char *read_file_str(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, len = 0;
	size_t n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = 0;
	return buf;
}

int read_file_u64(const char *path, uint64_t *val)
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	char *end;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	errno = 0;
	*val = strtoull(buf, &end, 10);
	if (errno || end == buf)
		return -1;
	return 0;
}

int write_file_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int saved;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

char *rstrip(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

bool reapbench_pid_alive(int pid)
{
	char path[64], *comm;
	bool alive;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	comm = read_file_str(path);
	alive = comm && !strcmp(rstrip(comm), "reapbench");
	free(comm);
	return alive;
}

void print_usage(const char *const *lines)
{
	for (; *lines; lines++)
		puts(*lines);
}
