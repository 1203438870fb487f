#!/usr/bin/env bash
# Builds Convene's packages from the sources in this work tree, for
# `make package`: a .tar.xz for Linux, a .zip for Windows (cross-built with
# MinGW-w64) and a SHA256SUMS file beside them.
#   make-packages.sh VERSION BUILD OUTDIR
# GO names the go command; FYNE the fyne tool (fyne.io/tools), which gives
# convene.exe its icon, version information and desktop (GUI) subsystem.
set -euo pipefail
version=$1 build=$2 out=$3
GO=${GO:-go}
FYNE=${FYNE:?FYNE must name the fyne tool}
root=$(cd "$(dirname "$0")/../.." && pwd)
id=org.convene-planner.convene
linux=convene-$version-linux-amd64
windows=convene-$version-windows-amd64

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
rm -f "$out/$linux.tar.xz" "$out/$windows.zip" "$out/SHA256SUMS"

# Linux: the layout of a prefix (bin/, share/), which install.sh copies
# under ~/.local. The tags are those of a Fyne release build and of
# FyneApp.toml's fyneDo migration. Without -trimpath, the build reuses
# Fyne's C parts as make build and make test compiled them, minutes of
# compiling on a fresh machine.
tree=$stage/$linux
mkdir -p "$tree/bin"
(cd "$root" && CGO_ENABLED=1 GOOS=linux GOARCH=amd64 "$GO" build \
	-tags release,migrated_fynedo -ldflags '-s -w' -o "$tree/bin/convene" ./cmd/convene)
install -Dm0644 "$root/assets/package/$id.desktop" "$tree/share/applications/$id.desktop"
install -Dm0644 "$root/assets/package/$id.xml" "$tree/share/mime/packages/$id.xml"
# assets/package/icons holds assets/icon.png scaled down (Catmull-Rom, with
# golang.org/x/image/draw) to the sizes menus and docks ask for; 256 pixels
# is icon.png itself.
for png in "$root"/assets/package/icons/*.png; do
	size=$(basename "$png" .png)
	install -Dm0644 "$png" "$tree/share/icons/hicolor/$size/apps/$id.png"
done
install -Dm0644 "$root/assets/icon.png" "$tree/share/icons/hicolor/256x256/apps/$id.png"
install -Dm0644 "$root/assets/icon.svg" "$tree/share/icons/hicolor/scalable/apps/$id.svg"
install -m0755 "$root/assets/package/install.sh" "$tree/install.sh"
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -cJf "$out/$linux.tar.xz" "$linux"

# Windows: fyne package writes the icon, version and manifest into a .syso
# beside the sources, builds with -H=windowsgui and removes the .syso again.
# It reads no FyneApp.toml outside the package folder, so the Makefile hands
# it what that file says.
(cd "$root" && CC=x86_64-w64-mingw32-gcc "$FYNE" package --release --os windows \
	--src cmd/convene --icon ../../assets/icon.png --name Convene \
	--app-id "$id" --app-version "$version" --app-build "$build" --tags migrated_fynedo)
mkdir -p "$stage/$windows"
mv "$root/cmd/convene/Convene.exe" "$stage/$windows/convene.exe"
# The program stands at the top of the archive: Windows' "Extract all"
# already makes a folder named after it.
(cd "$stage/$windows" && zip -qX9 "$out/$windows.zip" convene.exe)

(cd "$out" && sha256sum "$linux.tar.xz" "$windows.zip" >SHA256SUMS)
ls -l "$out"
