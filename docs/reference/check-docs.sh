#!/bin/sh
# check-docs.sh BUILDDIR MODULE MAIN_XML: the documentation coverage gate.
#
# Reads the reports gtk-doc wrote in BUILDDIR and fails unless
#  - MODULE-undocumented.txt says 100% coverage, 0 incomplete and 0 not
#    documented (the percentage alone is rounded: 99.6% prints as 100%),
#    which also covers the sections' short and long descriptions;
#  - MODULE-unused.txt (doc comments of symbols that are not declared) and
#    MODULE-undeclared.txt (listed symbols without a declaration) are empty;
#  - MAIN_XML includes every page gtk-doc generated in xml/.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -u

builddir=$1
module=$2
main_xml=$3
status=0

fail ()
{
  echo "check-docs: $*"
  status=1
}

undocumented="$builddir/$module-undocumented.txt"
if [ ! -f "$undocumented" ]; then
  fail "$undocumented is missing: the reference manual was not built"
  exit 1
fi

grep -qx '100% symbol docs coverage\.' "$undocumented" \
  || fail "symbol docs coverage is not 100%"
grep -qx '0 symbols incomplete\.' "$undocumented" \
  || fail "some symbols are documented incompletely (parameters or return value missing)"
grep -qx '0 not documented\.' "$undocumented" \
  || fail "some symbols or sections are not documented"
# mkdb reports 100% when it found nothing at all.
grep -qx '0 symbols documented\.' "$undocumented" \
  && fail "no symbol was documented: did gtk-doc scan the headers?"
if [ "$status" -ne 0 ]; then
  echo "--- $module-undocumented.txt"
  cat "$undocumented"
fi

for report in unused undeclared; do
  file="$builddir/$module-$report.txt"
  if [ ! -f "$file" ]; then
    fail "$file is missing"
  elif grep -q '[^[:space:]]' "$file"; then
    fail "$module-$report.txt is not empty:"
    cat "$file"
  fi
done

for page in "$builddir"/xml/*.xml; do
  [ -e "$page" ] || continue
  name="xml/${page##*/}"
  grep -qF "\"$name\"" "$builddir/$main_xml" \
    || fail "$main_xml does not include $name"
done

[ "$status" -eq 0 ] && echo "check-docs: $module reference manual is complete"
exit "$status"
