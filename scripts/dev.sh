#!/usr/bin/env bash
# Set up journeymap and run it, from a fresh clone on a fresh Debian/Ubuntu machine.
#   bash scripts/dev.sh app [FILE]   set up, then open the app (on a sample journey by default)
#   bash scripts/dev.sh test [ARGS]  set up, then run the whole test suite (ARGS go to pytest):
#                                    everything offscreen, then the GUI tests again on Xvfb
#   bash scripts/dev.sh setup        only set up
# Set-up is idempotent and quick once done: a virtual environment in .venv with the project
# installed (editable) and, when run as root with apt-get, the system libraries Qt needs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.venv"
python=${PYTHON:-python3}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

system_packages() {
    # Qt's xcb platform (a real window) needs these; the offscreen platform used by the tests
    # and by screenshots needs only what a fresh machine has. Xvfb is the X server the GUI
    # tests run on a second time. Debian's postgresql package starts no server the tests use:
    # they start their own cluster in a temporary folder.
    local need=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
                libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1
                libdbus-1-3 fonts-dejavu-core fonts-wqy-microhei xvfb xauth
                poppler-utils)  # pdffonts: the slide deck's tests check fonts are embedded
    # The engine tests: Spark runs on Java; PostgreSQL's server programs (any version).
    command -v java >/dev/null || need+=(default-jdk-headless)
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
    command -v dpkg-query >/dev/null && command -v apt-get >/dev/null || return 0
    local missing=()
    for p in "${need[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    if [[ $(id -u) -ne 0 ]]; then
        say "Qt may need: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
        return 0
    fi
    say "installing system packages (Qt, Java, PostgreSQL): ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || say "apt-get update failed; trying the install anyway"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || say "could not install ${missing[*]}: the app may not open a window (tests still run)"
}

python_packages() {
    if [[ ! -x "$venv/bin/python" ]]; then
        say "creating the virtual environment in .venv"
        "$python" -m venv "$venv" 2>/dev/null || {
            say "python3 -m venv failed; installing python3-venv"
            apt-get install -y -qq python3-venv >/dev/null
            "$python" -m venv "$venv"
        }
    fi
    local stamp="$venv/.installed"
    if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
        say "installing journeymap and its dependencies into .venv"
        "$venv/bin/python" -m pip install -q --upgrade pip
        "$venv/bin/python" -m pip install -q -e ".[test]"
        touch "$stamp"
    fi
}

gui_tests_on_x() {
    # The GUI tests (marked gui in tests/conftest.py) again with QT_QPA_PLATFORM=xcb on a
    # private Xvfb: key bindings, focus and windows differ there from offscreen (on X11
    # Ctrl+D is also Delete, Redo only Ctrl+Shift+Z), and a desktop is where users are.
    if ! command -v Xvfb >/dev/null; then
        say "Xvfb is not installed, so the GUI tests ran offscreen only (apt-get install xvfb)"
        [[ -z ${CI:-} ]]  # CI must run both
        return
    fi
    local fifo display pid status=0
    fifo=$(mktemp -u) && mkfifo "$fifo"
    # -displayfd: Xvfb picks a free display number itself and tells it when it is ready
    Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$fifo" >/dev/null 2>&1 &
    pid=$!
    read -r -t 30 display <"$fifo" || display=""
    rm -f "$fifo"
    if [[ -z $display ]]; then
        kill "$pid" 2>/dev/null || true
        say "Xvfb did not start"
        return 1
    fi
    say "the GUI tests again on a real X server (Xvfb :$display, QT_QPA_PLATFORM=xcb)"
    DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$venv/bin/python" -m pytest -m gui "$@" \
        || status=$?
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    ((status == 5)) && status=0  # the arguments chose no GUI test
    return "$status"
}

setup() {
    system_packages
    python_packages
}

cmd=${1:-app}
shift || true
case $cmd in
    setup)
        setup ;;
    app)
        setup
        file=${1:-sample_journeys/online_order.journey.json}
        if [[ -z ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
            mkdir -p build
            say "no screen here (DISPLAY is not set): opening $file offscreen and saving a picture of the window to build/app.png"
            QT_QPA_PLATFORM=offscreen exec "$venv/bin/journeymap" "$file" --screenshot build/app.png
        fi
        say "opening $file"
        exec "$venv/bin/journeymap" "$file" ;;
    test)
        setup
        # Qt warns (and a warning fails a test) when it has no runtime folder
        if [[ -z ${XDG_RUNTIME_DIR:-} ]]; then
            XDG_RUNTIME_DIR=$(mktemp -d) && chmod 700 "$XDG_RUNTIME_DIR"
            export XDG_RUNTIME_DIR
        fi
        status=0
        QT_QPA_PLATFORM=offscreen "$venv/bin/python" -m pytest "$@" || status=$?
        gui_tests_on_x "$@" || { x=$?; ((status)) || status=$x; }
        exit "$status" ;;
    *)
        echo "usage: bash scripts/dev.sh app [FILE] | test [PYTEST ARGS] | setup" >&2
        exit 2 ;;
esac
