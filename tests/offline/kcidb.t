#!/bin/sh
# export --format kcidb: the document validates against the KCIDB I/O schema
# (tests/schemas/kcidb-io-v4.3.schema.json, written from kcidb-io v4.3) with
# python3-jsonschema, for a store rebuilt from a committed report sample; the
# validator itself rejects what the schema forbids.
. "$(dirname "$0")/../tap.sh"
need_cmd python3
python3 -c 'import jsonschema' 2>/dev/null || skip_all "no python3-jsonschema (scripts/install-deps.sh --with-tests)"
SCHEMA=tests/schemas/kcidb-io-v4.3.schema.json
SAMPLE=results/samples/ab-6.12-vs-calibrate-teardown-delay/data.json
DB=$TMP/sample.db

check "a store rebuilt from $SAMPLE" 0 tests/offline/test_fill_store sample "$DB" "$SAMPLE"
check "export --format kcidb with a baseline" 0 ./reapbench export --db "$DB" -f kcidb --baseline '#1' '#2'
cp "$OUT" "$TMP/k.json"
check "it validates against kcidb-io v4.3" 0 python3 tests/kcidb-validate.py "$SCHEMA" "$TMP/k.json"
like "$(cat "$OUT")" '^valid: 1 checkouts, 1 builds, [0-9]+ tests$' "one checkout, one build, tests"

# what it says: a test per run of B plus a verdict test per scenario; B's
# values as the sample has them; ids by UUID under the reapbench origin
facts=$(python3 - "$TMP/k.json" "$SAMPLE" <<'PY'
import json, sys
k = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
runs = [t for t in k["tests"] if not t["path"].endswith(".verdict")]
verdicts = [t for t in k["tests"] if t["path"].endswith(".verdict")]
scen = sorted({s["scenario"] for s in d["samples"]["b"]})
first = next(s for s in d["samples"]["b"] if s["metric"] == "exit_mmap_us" and s["scenario"] == scen[0])
got = [t["misc"]["metrics"].get("exit_mmap_us") for t in runs if t["misc"]["scenario"] == scen[0]]
print("runs", len(runs), "verdict_tests", len(verdicts), "scenarios", len(scen))
print("values_match", got[:len(first["values"])] == first["values"])
print("statuses", sorted({t["status"] for t in runs}), sorted({t["status"] for t in verdicts}))
print("ids", all(t["id"].startswith("reapbench:") and t["build_id"] == k["builds"][0]["id"] for t in k["tests"]))
print("label", k["checkouts"][0]["misc"]["runset_label"] == d["b"]["label"])
PY
)
like "$facts" 'verdict_tests 1 scenarios 1' "a verdict test per scenario (the sample has one)"
like "$facts" 'values_match True' "exit_mmap_us per run as in the sample"
like "$facts" "statuses \['DONE'\] \['(FAIL|PASS)'(, '(FAIL|PASS)')?\]" "runs DONE, verdicts PASS/FAIL"
like "$facts" 'ids True' "ids under the reapbench origin, tests on the build"
like "$facts" 'label True' "the checkout is run set B"

# the schema bites: a bad status, an id without its origin, an unknown property
for bad in '.tests[0].status = "BOGUS"' '.tests[0].id = "no-origin"' '.builds[0].colour = "red"'; do
	python3 - "$TMP/k.json" "$bad" >"$TMP/bad.json" <<'PY'
import json, sys
k = json.load(open(sys.argv[1])); path, val = sys.argv[2].split(" = ")
obj = k
parts = path.strip(".").replace("[", ".").replace("]", "").split(".")
for p in parts[:-1]:
    obj = obj[int(p)] if p.isdigit() else obj[p]
obj[parts[-1]] = json.loads(val)
json.dump(k, sys.stdout)
PY
	check "rejected: $bad" 1 python3 tests/kcidb-validate.py "$SCHEMA" "$TMP/bad.json"
	like "$(cat "$OUT")" '^invalid at ' "with where"
done
# the checkout says where the kernel came from
C=0123456789abcdef0123456789abcdef01234567
for src in "debian-source:linux-source-6.12" "prebuilt:linux-image-6.12*-cloud-amd64" \
	"git:https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git@$C"; do
	rm -f "$TMP/spec.db"
	tests/offline/test_fill_store spec "$TMP/spec.db" "$src"
	./reapbench export --db "$TMP/spec.db" -f kcidb >"$TMP/spec.json"
	check "source $src: validates" 0 python3 tests/kcidb-validate.py "$SCHEMA" "$TMP/spec.json"
	co=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["checkouts"][0]; print(c.get("tree_name"), c.get("git_repository_url"), c.get("git_commit_hash"), c["misc"].get("debian_package"), "|", c["comment"])' "$TMP/spec.json")
	case $src in
	debian-source:*) like "$co" '^synthetic-spec None None linux-source-6.12 \| kernel 6.12.0-synthetic built from the Debian package linux-source-6.12$' "the Debian source package" ;;
	prebuilt:*) like "$co" 'None None linux-image-6.12\*-cloud-amd64 \| kernel 6.12.0-synthetic, the Debian package' "the Debian image package" ;;
	git:*) like "$co" "^synthetic-spec https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git $C None" "the git tree and commit" ;;
	esac
done
check "--baseline only with kcidb" 1 ./reapbench export --db "$DB" --baseline '#1' '#2'
like "$(cat "$OUT")" 'baseline goes with --format kcidb' "says so"
done_testing
