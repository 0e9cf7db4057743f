#include "common.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* A non-negative number followed by a unit suffix; *end points at the suffix. */
static int parse_number(const char *s, double *v, char **end)
{
	if (!s || !*s)
		return -1;
	errno = 0;
	*v = strtod(s, end);
	if (errno || *end == s || *v < 0 || isnan(*v) || isinf(*v))
		return -1;
	return 0;
}

int parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	double v;
	double mult = 1;

	if (parse_number(s, &v, &end))
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 0: break;
	case 'K': mult = 1ULL << 10; end++; break;
	case 'M': mult = 1ULL << 20; end++; break;
	case 'G': mult = 1ULL << 30; end++; break;
	case 'T': mult = 1ULL << 40; end++; break;
	default: return -1;
	}
	if (*end == 'i' || *end == 'I')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	*bytes = (uint64_t)(v * mult);
	return 0;
}

int parse_duration_us(const char *s, uint64_t *us)
{
	char *end;
	double v;

	if (parse_number(s, &v, &end))
		return -1;
	if (!*end || !strcmp(end, "us"))
		;
	else if (!strcmp(end, "ms"))
		v *= 1e3;
	else if (!strcmp(end, "s"))
		v *= 1e6;
	else
		return -1;
	*us = (uint64_t)llround(v);
	return 0;
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
