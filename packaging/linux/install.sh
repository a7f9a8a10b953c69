#!/bin/sh
# Install SLR Desk from this unpacked folder.
#   ./install.sh              for this user: ~/.local/opt/slrdesk, menu entry, icons, ~/.local/bin/slrdesk
#   sudo ./install.sh --system  for everyone: /opt/slrdesk, /usr/share, /usr/local/bin
#   ./install.sh --uninstall [--system]
# Nothing is downloaded; the program keeps its data in the user's data folder, which neither
# installing nor uninstalling touches.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
MODE=user
ACTION=install
for arg in "$@"; do
    case "$arg" in
        --system) MODE=system ;;
        --uninstall) ACTION=uninstall ;;
        *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
if [ "$MODE" = system ]; then
    PREFIX=/opt/slrdesk; SHARE=/usr/share; BIN=/usr/local/bin
else
    PREFIX="$HOME/.local/opt/slrdesk"; SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
    BIN="$HOME/.local/bin"
fi
SIZES="16 24 32 48 64 128 256 512"

if [ "$ACTION" = uninstall ]; then
    rm -f "$BIN/slrdesk" "$SHARE/applications/slrdesk.desktop"
    for size in $SIZES; do rm -f "$SHARE/icons/hicolor/${size}x${size}/apps/slrdesk.png"; done
    rm -f "$SHARE/icons/hicolor/scalable/apps/slrdesk.svg"
    case "$PREFIX" in */slrdesk) rm -rf "$PREFIX" ;; esac
    echo "SLR Desk removed (your exams and notes are kept in your data folder)."
    exit 0
fi

if [ "$HERE" != "$PREFIX" ]; then
    case "$PREFIX" in */slrdesk) rm -rf "$PREFIX" ;; esac
    mkdir -p "$(dirname "$PREFIX")"
    cp -a "$HERE" "$PREFIX"
fi
mkdir -p "$BIN" "$SHARE/applications"
ln -sf "$PREFIX/slrdesk" "$BIN/slrdesk"
for size in $SIZES; do
    mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
    cp "$PREFIX/share/icons/hicolor/${size}x${size}/apps/slrdesk.png" \
        "$SHARE/icons/hicolor/${size}x${size}/apps/slrdesk.png"
done
mkdir -p "$SHARE/icons/hicolor/scalable/apps"
cp "$PREFIX/share/icons/hicolor/scalable/apps/slrdesk.svg" "$SHARE/icons/hicolor/scalable/apps/"
sed "s|@EXEC@|$PREFIX/slrdesk|g" "$PREFIX/share/applications/slrdesk.desktop" \
    > "$SHARE/applications/slrdesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
echo "SLR Desk installed in $PREFIX."
echo "Start it from the applications menu, or run: $BIN/slrdesk"
