#!/usr/bin/env bash
# Builds the AE Capture installers from a fresh clone with jpackage (JDK 17+). The package bundles its
# own trimmed Java runtime (jlink) with the JavaFX modules, so the user needs no Java.
#
#   installer/build.sh             Linux: app image and .deb          (needs fakeroot and dpkg-deb)
#   installer/build.sh app-image   the app image only, for this system (what CI smoke-tests)
#   installer/build.sh msi         Windows: .msi   (run in Git Bash on Windows, WiX Toolset 3 on the PATH)
#   installer/build.sh dmg         macOS: .dmg     (run on macOS)
#
# Output: target/installer/ (app image in target/installer/aecapture, packages beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-linux}
case "$what" in
  app-image|linux|deb|msi|dmg) ;;
  *) echo "unknown installer type: $what (linux, app-image, msi, dmg)" >&2; exit 2 ;;
esac
out=target/installer
rm -rf "$out"
mkdir -p "$out/lib" "$out/javafx"

./mvnw -B -q -DskipTests package
mvn_version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
app_version=${mvn_version%-SNAPSHOT}          # installers want a plain number
# the application and its libraries on the class path; JavaFX on the module path, for jlink
./mvnw -B -q dependency:copy-dependencies -DincludeScope=runtime -DexcludeGroupIds=org.openjfx -DoutputDirectory="$out/lib"
./mvnw -B -q dependency:copy-dependencies -DincludeScope=runtime -DincludeGroupIds=org.openjfx -DoutputDirectory="$out/javafx"
for jar in "$out"/javafx/*.jar; do   # drop the empty platform-neutral jars; the platform ones (-linux, -win, -mac) stay
  [[ $(basename "$jar") =~ ^javafx-[a-z]+-[0-9.]+\.jar$ ]] && rm "$jar"
done
cp "target/aecapture-$mvn_version.jar" "$out/lib/aecapture.jar"

case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) icon=installer/icons/aecapture.ico ;;
  Darwin*) icon=installer/icons/aecapture.icns ;;
  *) icon=installer/icons/aecapture.png ;;
esac

common=(--name aecapture --app-version "$app_version" --vendor "AE Capture developers"
        --description "Adverse event capture, CTCAE v5.0 grading and primary-outcome safety reporting"
        --copyright "Copyright (c) 2026 the AE Capture developers. CTCAE v5.0: NCI, public domain.")
modules=javafx.controls,java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.security.jgss,java.sql,java.xml,java.xml.crypto,jdk.jfr,jdk.unsupported,jdk.zipfs
# ControlsFX reaches into JavaFX internals, which are closed once JavaFX is on the module path
java_options=(--java-options --add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED
              --java-options --add-exports=javafx.controls/com.sun.javafx.scene.control=ALL-UNNAMED
              --java-options --add-exports=javafx.graphics/com.sun.javafx.scene=ALL-UNNAMED
              --java-options --add-exports=javafx.graphics/com.sun.javafx.scene.traversal=ALL-UNNAMED
              --java-options --add-exports=javafx.base/com.sun.javafx.collections=ALL-UNNAMED
              --java-options --add-opens=javafx.controls/javafx.scene.control.skin=ALL-UNNAMED
              --java-options --add-opens=javafx.graphics/javafx.scene=ALL-UNNAMED
              --java-options -Dfile.encoding=UTF-8)
# Start-up: an AppCDS archive of the classes a start loads (made below on Linux; silently unused if absent)
java_options+=(--java-options '-XX:SharedArchiveFile=$APPDIR/aecapture.jsa')

jpackage --type app-image --dest "$out" "${common[@]}" \
  --input "$out/lib" --main-jar aecapture.jar --main-class org.aecapture.app.Main \
  --module-path "$out/javafx" --add-modules "$modules" --jlink-options "--strip-debug --no-man-pages --no-header-files --generate-cds-archive" \
  --icon "$icon" "${java_options[@]}"
case "$(uname -s)" in
  Darwin*) image="$out/aecapture.app" ;;
  *) image="$out/aecapture" ;;
esac
echo "app image: $image"

# Start-up: the classes one start of the GUI loads are recorded here and shipped in the image. JDK 17
# ties an AppCDS archive to the class path it was dumped with, so the archive itself is dumped where the
# app finally lives: by the .deb's postinst at install time, and below for the app image in target/.
app_dir="$image/lib/app"
if [[ $(uname -s) == Linux ]]; then
  work=$(mktemp -d)
  # a database with an account, so that the recorded start is the usual one: up to the sign-in
  AECAPTURE_PASSWORD=start-up-training-only "$image/bin/aecapture" init --db "$work/train.db" --admin trainer >/dev/null
  if command -v xvfb-run >/dev/null 2>&1; then
    JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$app_dir/aecapture.classlist -Daecapture.exitAfterStart=true -Djava.util.prefs.userRoot=$work/prefs" \
      timeout 180 xvfb-run -a -s "-screen 0 1366x768x24" "$image/bin/aecapture" --db "$work/train.db" >/dev/null 2>&1 \
      || echo "the recording start did not end cleanly: the archive holds what it loaded" >&2
  else   # no display to be had: the command line's classes only (the GUI's then load as usual)
    echo "xvfb-run not found (Debian package xvfb): start-up classes recorded from the command line only" >&2
    JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$app_dir/aecapture.classlist" "$image/bin/aecapture" --version >/dev/null 2>&1
  fi
  rm -rf "$work"
  echo "start-up classes recorded: $(wc -l < "$app_dir/aecapture.classlist")"
fi

package() {
  jpackage --type "$1" --dest "$out" --app-image "$image" "${common[@]}" \
    --license-file src/main/resources/org/aecapture/app/NOTICE.txt "${@:2}"
}
case "$what" in
  linux|deb)
    # The menu entry and icon travel inside the image and our postinst puts the entry in place itself;
    # jpackage's --linux-shortcut would do it with xdg-utils and make the package depend on it. JavaFX
    # loads GTK 3 at run time, which the dependency scan of the runtime cannot see: the control
    # template in installer/linux names it.
    cp installer/linux/aecapture.desktop "$app_dir/../aecapture.desktop"
    package deb --linux-package-name aecapture --linux-deb-maintainer "aecapture@example.org" \
      --linux-app-category science --resource-dir installer/linux
    ls -l "$out"/*.deb ;;
  msi) package msi --win-menu --win-menu-group "AE Capture" --win-shortcut --win-dir-chooser --win-upgrade-uuid 0e8f7a52-3a1c-4a0b-9d9e-2f5b6c1d7a41 ;;
  dmg) package dmg --mac-package-name "AE Capture" ;;
esac
if [[ $(uname -s) == Linux ]]; then   # after the .deb, which must not carry an archive tied to target/
  if JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$app_dir/aecapture.classlist" "$image/bin/aecapture" >/dev/null 2>&1; then
    echo "start-up archive: $app_dir/aecapture.jsa"
  else
    echo "no start-up archive could be dumped: the app starts without it, only slower" >&2
  fi
fi
