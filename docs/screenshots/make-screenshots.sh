#!/bin/sh
# Regenerates docs/report-summary.png and docs/change-report-summary.png: renders the demo
# workbooks (Screenshots.java), prints their summary sheets with LibreOffice headless and
# crops page 1 to the content. Needs the jar (./mvnw -q -DskipTests package), a JDK 25 as
# JAVA_HOME, and LibreOffice Calc and poppler-utils
# (apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils).
# Run from the repository root. The crop boxes fit the bundled templates' layout.
set -eu
out=$(mktemp -d)
"$JAVA_HOME/bin/java" -cp app/target/netpol-auditor.jar docs/screenshots/Screenshots.java "$out"
soffice --headless --convert-to pdf --outdir "$out/pdf" "$out/report-summary.xlsx" "$out/change-report-summary.xlsx"
pdftoppm -png -singlefile -r 200 -f 1 -l 1 -x 125 -y 125 -W 1990 -H 560 "$out/pdf/report-summary.pdf" \
    docs/report-summary
pdftoppm -png -singlefile -r 110 -f 1 -l 1 -x 65 -y 60 -W 1150 -H 495 "$out/pdf/change-report-summary.pdf" \
    docs/change-report-summary
rm -rf "$out"
