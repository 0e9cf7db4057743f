/* Small helpers shared by every part of reapbench. */
#ifndef REAPBENCH_COMMON_H
#define REAPBENCH_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes, shared by every subcommand (doc/DESIGN.md "Exit codes"). */
enum rb_exit {
	RB_EXIT_OK = 0,
	RB_EXIT_ERROR = 1,
	RB_EXIT_REGRESSION = 2,
	RB_EXIT_SKIPPED = 4,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_SEC 1000000000ULL

extern int rb_verbose;

/* err_msg() reports to stderr and returns -1 so callers can `return err_msg(...)`. */
int err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* debug_msg() prints only with -v. */
void debug_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* CLOCK_MONOTONIC in ns: the same clock as the tracefs "mono" trace clock. */
uint64_t now_ns(void);
/* CLOCK_REALTIME as an ISO-8601 UTC string into buf (>= 32 bytes). */
void now_iso8601(char *buf, size_t len);

/*
 * "256M", "1G", "4096", "2.5GiB" -> bytes (units K M G T, binary; optional
 * "B"/"iB"); -1 on bad input. Integers with a unit: a fraction of at most 6
 * digits is allowed when the result is a whole number of bytes; exponents,
 * signs and values past 2^64-1 are refused.
 */
int parse_size(const char *s, uint64_t *bytes);
/* "100", "1.5s", "200ms", "50us" -> microseconds (no unit: us); same rules. */
int parse_duration_us(const char *s, uint64_t *us);
/* s with control and non-ASCII bytes as \xNN, cut to fit len (ends "..."): safe to print. */
void printable(const char *s, char *buf, size_t len);
/* Plain decimal digits -> value; -1 on anything else or overflow. */
int parse_u64(const char *s, uint64_t *out);
/* Strict integer parse with range; -1 on bad input. */
int parse_long(const char *s, long min, long max, long *out);

/* Read a whole small file (sysfs, procfs) into a malloc'd NUL-terminated string. */
char *read_file_str(const char *path);
/* Read the first integer in a file; -1 on failure. */
int read_file_u64(const char *path, uint64_t *val);
/* Write a string to a file (sysfs, cgroupfs); -1 with errno on failure. */
int write_file_str(const char *path, const char *val);

/* Trim trailing whitespace in place, return s. */
char *rstrip(char *s);



/* Print a NULL-terminated usage array to stdout. */
void print_usage(const char *const *lines);

/* True if pid is a live reapbench process (leftover sweeps must not be fooled by pid reuse). */
bool reapbench_pid_alive(int pid);
#endif
