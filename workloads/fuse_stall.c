/*
 * FUSE server of the stall trigger (libfuse3 low-level API). One thread runs
 * its own ppoll loop instead of fuse_session_loop(): it must keep serving
 * the "state" file while the hold READ is parked, wake up at the stall
 * deadline, and stop on request without waiting for a request to arrive.
 */
#define FUSE_USE_VERSION 35

#include "fuse_stall.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fuse_lowlevel.h>

#include "common.h"
#include "fuse_stall_mounts.h"

enum { INO_ROOT = 1, INO_HOLD = 2, INO_STATE = 3 };

#define KILL_POLL_NS (50 * NSEC_PER_USEC)
/*
 * The kernel lets a poll timeout fire up to 0.1% late (3 ms for a 3 s
 * stall): sleep in short slices so the answer comes within ~50 us.
 */
#define MAX_WAIT_NS (10 * 1000 * NSEC_PER_USEC)
/* A kill that never comes (e.g. the victim failed): answer anyway. */
#define GIVE_UP_NS (30 * NSEC_PER_SEC)
#define FILE_SIZE 4096

struct fuse_stall {
	struct fuse_stall_cfg cfg;
	struct fuse_session *se;
	pthread_t thread;
	int stop_fd;			/* eventfd: the thread stops */
	bool mounted, thread_started;
	char dir[64];
	fuse_req_t held;		/* the parked hold READ, NULL when none */
	size_t held_size;
	bool answered;			/* the hold READ was answered (later reads are not held) */
	struct fuse_stall_times t;
};

static const struct {
	const char *name;
	fuse_ino_t ino;
} files[] = { { "hold", INO_HOLD }, { "state", INO_STATE } };

static void fill_attr(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	if (ino == INO_ROOT) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else {
		st->st_mode = S_IFREG | 0444;
		st->st_nlink = 1;
		st->st_size = FILE_SIZE;
	}
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e = { 0 };
	size_t i;

	for (i = 0; parent == INO_ROOT && i < ARRAY_SIZE(files); i++) {
		if (strcmp(name, files[i].name))
			continue;
		e.ino = files[i].ino;
		fill_attr(e.ino, &e.attr);
		fuse_reply_entry(req, &e);
		return;
	}
	fuse_reply_err(req, ENOENT);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	(void)fi;
	if (ino < INO_ROOT || ino > INO_STATE) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	fill_attr(ino, &st);
	fuse_reply_attr(req, &st, 0);
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	if (ino != INO_HOLD && ino != INO_STATE) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	/* direct_io: every read reaches the server, none is served from the page cache */
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fuse_reply_open(req, fi);
}

static void reply_zeros(fuse_req_t req, size_t size)
{
	static const char zeros[FILE_SIZE];

	fuse_reply_buf(req, zeros, size < sizeof(zeros) ? size : sizeof(zeros));
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct fuse_stall *fs = fuse_req_userdata(req);

	(void)fi;
	if (ino == INO_STATE) {
		const char *s = fs->held || fs->answered ? "1" : "0";

		fuse_reply_buf(req, s, off == 0 && size ? 1 : 0);
		return;
	}
	if (fs->held || fs->answered) {
		reply_zeros(req, size);
		return;
	}
	/* Park it: no reply until the stall ends. FUSE_INTERRUPT is ignored. */
	fs->held = req;
	fs->held_size = size;
	fs->t.t_read_ns = now_ns();
	fs->t.reader_tid = fuse_req_ctx(req)->pid;	/* the thread's tid */
	if (fs->cfg.on_read)
		fs->cfg.on_read(fs->cfg.arg, fs->t.reader_tid);
}

static const struct fuse_lowlevel_ops stall_ops = {
	.lookup = op_lookup,
	.getattr = op_getattr,
	.open = op_open,
	.read = op_read,
};

static void answer_held(struct fuse_stall *fs)
{
	if (!fs->held)
		return;
	reply_zeros(fs->held, fs->held_size);
	fs->t.t_reply_ns = now_ns();
	fs->held = NULL;
	fs->answered = true;
}

/* Advance the hold clock; returns the ns until the next check, 0 for none. */
static uint64_t hold_tick(struct fuse_stall *fs)
{
	uint64_t now = now_ns(), base, deadline;

	if (!fs->held)
		return 0;
	if (fs->cfg.from_kill && !fs->t.t_kill_ns) {
		if (!fs->cfg.killed(fs->cfg.arg)) {
			if (now - fs->t.t_read_ns < GIVE_UP_NS)
				return KILL_POLL_NS;
			fs->t.gave_up = true;
			answer_held(fs);
			return 0;
		}
		fs->t.t_kill_ns = now;
	}
	base = fs->cfg.from_kill ? fs->t.t_kill_ns : fs->t.t_read_ns;
	deadline = base + fs->cfg.stall_ns;
	now = now_ns();
	if (now >= deadline) {
		answer_held(fs);
		return 0;
	}
	return deadline - now < MAX_WAIT_NS ? deadline - now : MAX_WAIT_NS;
}

static void *serve(void *arg)
{
	struct fuse_stall *fs = arg;
	struct fuse_buf buf = { 0 };
	struct pollfd pfd[2] = {
		{ .fd = fuse_session_fd(fs->se), .events = POLLIN },
		{ .fd = fs->stop_fd, .events = POLLIN },
	};

	prctl(PR_SET_TIMERSLACK, 1UL);	/* this thread only: wake at the deadline */
	for (;;) {
		uint64_t wait = hold_tick(fs);
		struct timespec ts = { (time_t)(wait / NSEC_PER_SEC), (long)(wait % NSEC_PER_SEC) };
		int r = ppoll(pfd, 2, wait ? &ts : NULL, NULL);

		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (pfd[1].revents)
			break;
		if (pfd[0].revents & POLLIN) {
			int n = fuse_session_receive_buf(fs->se, &buf);

			if (n == -EINTR || n == -EAGAIN)
				continue;
			if (n <= 0)
				break;	/* unmounted or connection aborted */
			fuse_session_process_buf(fs->se, &buf);
		} else if (pfd[0].revents & (POLLERR | POLLHUP)) {
			break;
		}
	}
	/* stopping early (interrupted run): let the blocked reader go */
	answer_held(fs);
	free(buf.mem);
	return NULL;
}

const char *fuse_stall_dir(const struct fuse_stall *fs)
{
	return fs->dir;
}

static void stop_thread(struct fuse_stall *fs)
{
	uint64_t one = 1;

	if (!fs->thread_started)
		return;
	if (write(fs->stop_fd, &one, sizeof(one)) != sizeof(one))
		err_msg("stall: cannot stop the FUSE thread\n");
	pthread_join(fs->thread, NULL);
	fs->thread_started = false;
}

static void teardown(struct fuse_stall *fs)
{
	stop_thread(fs);
	if (fs->se) {
		if (fs->mounted)
			fuse_session_unmount(fs->se);	/* lazy: a live victim may hold it open */
		fuse_session_destroy(fs->se);		/* closes /dev/fuse: aborts what is left */
	}
	if (fs->stop_fd >= 0)
		close(fs->stop_fd);
	if (fs->dir[0] && rmdir(fs->dir))
		err_msg("stall: rmdir %s: %s\n", fs->dir, strerror(errno));
	free(fs);
}

struct fuse_stall *fuse_stall_start(const struct fuse_stall_cfg *cfg)
{
	char opts[96];
	/* fsname and subtype name the mount in mountinfo: the sweep finds it by them */
	char *argv[] = { "reapbench-stall", "-o", opts, NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, argv);
	struct fuse_stall *fs = calloc(1, sizeof(*fs));
	sigset_t all, old;
	int fd;

	if (!fs) {
		err_msg("out of memory\n");
		return NULL;
	}
	snprintf(opts, sizeof(opts), "fsname=" FUSE_STALL_FSNAME_PREFIX "%d,subtype=" FUSE_STALL_SUBTYPE,
		 (int)getpid());
	fs->cfg = *cfg;
	fs->stop_fd = eventfd(0, EFD_CLOEXEC);
	/* mkdtemp: a new directory (O_EXCL semantics), 0700, ours; /tmp is sticky */
	snprintf(fs->dir, sizeof(fs->dir), FUSE_STALL_DIR_PREFIX "%d-stall-XXXXXX", (int)getpid());
	if (fs->stop_fd < 0 || !mkdtemp(fs->dir)) {
		err_msg("stall: cannot create %s: %s\n", fs->dir, strerror(errno));
		fs->dir[0] = 0;
		goto fail;
	}
	fs->se = fuse_session_new(&args, &stall_ops, sizeof(stall_ops), fs);
	if (!fs->se) {
		err_msg("stall: fuse_session_new failed\n");
		goto fail;
	}
	if (fuse_session_mount(fs->se, fs->dir)) {
		err_msg("stall: cannot mount FUSE at %s\n", fs->dir);
		goto fail;
	}
	fs->mounted = true;
	fd = fuse_session_fd(fs->se);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	/* SIGINT and friends go to the main thread, which runs the cleanup */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	fs->thread_started = !pthread_create(&fs->thread, NULL, serve, fs);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!fs->thread_started) {
		err_msg("stall: cannot start the FUSE thread\n");
		goto fail;
	}
	fuse_opt_free_args(&args);
	return fs;
fail:
	fuse_opt_free_args(&args);
	teardown(fs);
	return NULL;
}

void fuse_stall_stop(struct fuse_stall *fs, struct fuse_stall_times *times)
{
	if (!fs)
		return;
	stop_thread(fs);
	if (times)
		*times = fs->t;
	teardown(fs);
}

/* The parent's mount, from mountinfo (a name in /tmp could be anyone's). */
int fuse_stall_open_in_parent(const char *name)
{
	char dir[256], path[300];

	if (fuse_stall_mount_find(FUSE_STALL_MOUNTINFO, (int)getppid(), dir, sizeof(dir))) {
		errno = ENOENT;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
}

int fuse_stall_sweep(void)
{
	return fuse_stall_mounts_sweep(FUSE_STALL_MOUNTINFO);
}
