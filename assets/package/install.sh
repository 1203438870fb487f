#!/bin/sh
# Installs Convene for the user who runs it, under ~/.local (or $PREFIX):
# the program, its menu entry, its icon in every size desktops ask for, and
# the plan file's type, so a double-click on a .convene file opens it.
#   ./install.sh               install, or update an earlier install
#   ./install.sh --uninstall   remove what install put there; plans stay
# It needs no root and no network; it runs from the unpacked package.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
id=org.convene-planner.convene

case $prefix in
/*) ;;
*) echo "install.sh: PREFIX must be an absolute path, not '$prefix'" >&2; exit 2 ;;
esac
# The menu entry names the program by its full path (~/.local/bin is not on
# every desktop session's PATH); these characters would need quoting there.
case $prefix in
*[\"\`\$\\%\ ]*) echo "install.sh: PREFIX must not hold spaces or any of \" \` \$ \\ %: '$prefix'" >&2; exit 2 ;;
esac

# The files the package holds, as paths under the prefix.
files=$(cd "$here" && find bin share -type f | sort)

# refresh tells the desktop about the new or removed menu entry, icon and
# file type; a desktop without these tools reads the folders at next login.
refresh() {
	if command -v update-mime-database >/dev/null; then
		update-mime-database "$prefix/share/mime" || true
	fi
	if command -v update-desktop-database >/dev/null; then
		update-desktop-database -q "$prefix/share/applications" || true
	fi
	if command -v gtk-update-icon-cache >/dev/null && [ -f "$prefix/share/icons/hicolor/index.theme" ]; then
		gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
	fi
}

if [ "${1:-}" = "--uninstall" ]; then
	for f in $files; do
		rm -f "$prefix/$f"
	done
	refresh
	echo "Convene is uninstalled from $prefix. Plans stay where they are (by default in ${XDG_DATA_HOME:-$HOME/.local/share}/convene)."
	exit 0
fi
if [ $# -gt 0 ]; then
	echo "usage: ./install.sh [--uninstall]" >&2
	exit 2
fi

for f in $files; do
	mkdir -p "$prefix/$(dirname "$f")"
	case $f in
	bin/*) install -m 0755 "$here/$f" "$prefix/$f" ;;
	share/applications/$id.desktop)
		sed "s|^Exec=convene |Exec=$prefix/bin/convene |" "$here/$f" >"$prefix/$f.tmp"
		chmod 0644 "$prefix/$f.tmp"
		mv "$prefix/$f.tmp" "$prefix/$f"
		;;
	*) install -m 0644 "$here/$f" "$prefix/$f" ;;
	esac
done
refresh
echo "Convene is installed in $prefix: find it in your desktop's menu, or run $prefix/bin/convene."
