#!/bin/sh
# Install (or update) the built program for the current user, without root:
#   sh packaging/linux/install.sh [dist/RecoursTelecom]      install
#   sh packaging/linux/install.sh --uninstall                 remove (the data stay)
# Program: ~/.local/lib/recours-telecom/; menu entry: ~/.local/share/applications/;
# icons: ~/.local/share/icons/hicolor/. The cases stay in ~/.local/share/RecoursTelecom.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=$HOME/.local/lib/recours-telecom
apps=$data_home/applications
icons=$data_home/icons/hicolor

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$prefix"
  rm -f "$apps/recours-telecom.desktop" "$icons/256x256/apps/recours-telecom.png" \
        "$icons/scalable/apps/recours-telecom.svg"
  echo "Recours Télécom désinstallé (les dossiers de données sont conservés)."
  exit 0
fi

src=${1:-$root/dist/RecoursTelecom}
[ -x "$src/RecoursTelecom" ] || { echo "Programme introuvable : $src/RecoursTelecom" >&2; exit 1; }
mkdir -p "$prefix" "$apps" "$icons/256x256/apps" "$icons/scalable/apps"
rm -rf "$prefix.new" && cp -a "$src" "$prefix.new"
rm -rf "$prefix" && mv "$prefix.new" "$prefix"
cp "$root/assets/icons/recours-telecom.png" "$icons/256x256/apps/recours-telecom.png"
cp "$root/assets/icons/recours-telecom.svg" "$icons/scalable/apps/recours-telecom.svg"
sed "s|@EXEC@|$prefix/RecoursTelecom|g" "$here/recours-telecom.desktop" \
  > "$apps/recours-telecom.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" || true
echo "Recours Télécom installé dans $prefix (menu : Bureautique)."
