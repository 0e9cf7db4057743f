# The preambles the QEMU tests share; source it after tests/tap.sh.

# QEMU, sqlite3 and a built ./reapbench, or skip the whole file.
need_vm_reapbench() {
	need_cmd qemu-system-x86_64 qemu-system-x86
	need_cmd sqlite3 sqlite3
	[ -x "$RB" ] || skip_all "no ./reapbench (make)"
}

# The prebuilt Debian 6.12 cloud kernel (fetched once, cached under
# $REAPBENCH_CACHE) in $PREBUILT_KERNEL, or skip the whole file with the
# fetcher's last line as the reason.
need_prebuilt_6_12() {
	PREBUILT_KERNEL=$(scripts/kernel-fetch-prebuilt.sh 'linux-image-6.12*-cloud-amd64' \
		2>"$TMP/fetch.err") ||
		skip_all "cannot fetch the Debian 6.12 cloud kernel: $(tail -n 1 "$TMP/fetch.err")"
}
