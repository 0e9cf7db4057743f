/*
 * Command lines as text: the reproduce line stored with a run set or printed
 * by compare/report, the command a guest runs, `kernel spec --sh`. Words are
 * quoted for a POSIX shell only when they need it, so that the common case
 * reads as typed and every case pastes back into a shell unchanged.
 */
#ifndef REAPBENCH_ARGV_H
#define REAPBENCH_ARGV_H

/*
 * One word for sh: as is when made of A-Z a-z 0-9 and - _ . / = : , + @ %,
 * else in single quotes (a ' becomes '\''); "" becomes ''. Malloc'd; the
 * caller frees it. NULL when out of memory.
 */
char *rb_sh_quote(const char *word);

/*
 * prefix (as is, not quoted; may be NULL) followed by argv[0..argc-1] (argc
 * < 0: up to a NULL entry), each rb_sh_quote()d, separated by spaces.
 * Malloc'd; the caller frees it. NULL when out of memory.
 */
char *rb_argv_join(const char *prefix, int argc, char *const *argv);

#endif
