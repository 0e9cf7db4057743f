/* Thin wrappers for syscalls glibc 2.36 may not wrap everywhere. */
#ifndef REAPBENCH_SYSCALLS_H
#define REAPBENCH_SYSCALLS_H

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_process_mrelease
#define __NR_process_mrelease 448
#endif

static inline int sys_pidfd_open(pid_t pid)
{
	return (int)syscall(__NR_pidfd_open, pid, 0);
}

static inline int sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(__NR_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static inline int sys_process_mrelease(int pidfd)
{
	return (int)syscall(__NR_process_mrelease, pidfd, 0);
}

#endif
