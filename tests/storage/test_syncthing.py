"""Two real Syncthing instances on loopback syncing one library folder both ways (slow).

The set-up finds syncthing, or installs the Debian package, or skips saying why. Each
instance has its own home and folder; they know each other by address only (no
discovery, relays or reporting), and sync the folder with the `.stignore` line the
README gives. Then: an edit on one machine reaches the other through the shared
journal; edits made on both while they cannot see each other leave Syncthing's
conflict copy, which papershelf merges in and puts away; both end with every edit.
"""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import FIRST_SEED

from storage import AddTags, Library, View
from storage.conflict_copies import FOLDER

pytestmark = pytest.mark.slow

FOLDER_ID = "papershelf"
STIGNORE = ".~*\n"
"""The README's line: papershelf's lock and temporary files stay on their machine."""
WAIT_SECONDS = 90.0


def _syncthing() -> str:
    found = shutil.which("syncthing")
    if found:
        return found
    if shutil.which("apt-get") is None:
        pytest.skip("syncthing is not installed, and there is no apt-get to install it")
    done = _apt_get("install", "-y", "syncthing")
    if done.returncode != 0:  # a fresh system may never have fetched its package lists
        _apt_get("update")
        done = _apt_get("install", "-y", "syncthing")
    found = shutil.which("syncthing")
    if not found:
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        pytest.skip(f"syncthing is not installed and apt-get could not install it: {reason[0]}")
    return found


def _apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["apt-get", *args], capture_output=True, text=True, check=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    """One Syncthing, on one "machine"."""

    name: str
    home: Path
    folder: Path
    gui_port: int
    listen_port: int
    api_key: str
    syncthing: str = "syncthing"
    device: str = ""
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.syncthing,
                "serve",
                f"--home={self.home}",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--skip-port-probing",
                f"--logfile={self.home / 'log.txt'}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def rest(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            method=method,
            headers={"X-API-Key": self.api_key},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def settled(self, other: Instance) -> bool:
        """Nothing left to scan or pull here, and the other has all of this folder."""
        status = self.rest("GET", f"/rest/db/status?folder={FOLDER_ID}")
        completion = self.rest(
            "GET", f"/rest/db/completion?folder={FOLDER_ID}&device={other.device}"
        )
        assert isinstance(status, dict) and isinstance(completion, dict)
        return (
            status.get("state") == "idle"
            and status.get("needTotalItems") == 0
            and completion.get("completion") == 100
        )


def _instance(syncthing: str, root: Path, name: str) -> Instance:
    instance = Instance(
        name,
        root / f"{name}-syncthing",
        root / name,
        _free_port(),
        _free_port(),
        secrets.token_hex(16),
        syncthing,
    )
    instance.folder.mkdir()
    (instance.folder / ".stignore").write_text(STIGNORE)
    subprocess.run(
        [syncthing, "generate", f"--home={instance.home}", "--no-default-folder"],
        capture_output=True,
        check=True,
    )
    device = ElementTree.parse(instance.home / "config.xml").find("device")
    assert device is not None, "syncthing generate wrote no device"
    instance.device = device.get("id", "")
    return instance


def _configure(me: Instance, peer: Instance) -> None:
    """Loopback only, each knowing the other, one shared folder scanned every second."""
    path = me.home / "config.xml"
    tree = ElementTree.parse(path)
    root = tree.getroot()
    gui = root.find("gui")
    assert gui is not None
    for key, value in (("address", f"127.0.0.1:{me.gui_port}"), ("apikey", me.api_key)):
        element = gui.find(key)
        assert element is not None, f"no gui {key} in syncthing's config"
        element.text = value
    options = root.find("options")
    assert options is not None
    settings = {
        "listenAddress": f"tcp://127.0.0.1:{me.listen_port}",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "startBrowser": "false",
        "urAccepted": "-1",
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "reconnectionIntervalS": "1",
    }
    for key, value in settings.items():
        element = options.find(key)
        if element is None:
            element = ElementTree.SubElement(options, key)
        element.text = value
    device = ElementTree.SubElement(
        root, "device", id=peer.device, name=peer.name, compression="metadata"
    )
    ElementTree.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.listen_port}"
    folder = ElementTree.Element(
        "folder",
        id=FOLDER_ID,
        label=FOLDER_ID,
        path=str(me.folder),
        type="sendreceive",
        rescanIntervalS="1",
        fsWatcherEnabled="true",
        fsWatcherDelayS="1",
    )
    for member in (me.device, peer.device):
        ElementTree.SubElement(folder, "device", id=member)
    ElementTree.SubElement(folder, "maxConflicts").text = "-1"  # absent, it would be 0: none
    root.insert(0, folder)
    tree.write(path)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    syncthing = _syncthing()
    home, work = (_instance(syncthing, tmp_path, name) for name in ("home", "work"))
    _configure(home, work)
    _configure(work, home)
    try:
        for instance in (home, work):
            instance.start()
        _wait(lambda: _answers(home) and _answers(work), "both instances to start")
        yield home, work
    finally:
        for instance in (home, work):
            instance.stop()


def _answers(instance: Instance) -> bool:
    try:
        instance.rest("GET", "/rest/system/ping")
    except OSError:
        return False
    return True


def _wait(done: Callable[[], bool], what: str, *logs: Instance) -> None:
    """Poll an outside process's progress until it is done (a deadline, not a sleep
    standing in for a result); on giving up, show the instances' logs."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            tails = [(i.home / "log.txt").read_text()[-2000:] for i in logs]
            message = f"gave up waiting for {what} after {WAIT_SECONDS:.0f} s"
            raise AssertionError("\n\n".join([message, *tails]))
        time.sleep(0.25)


def _synced(home: Instance, work: Instance) -> None:
    for instance in (home, work):
        instance.rest("POST", f"/rest/db/scan?folder={FOLDER_ID}")
    _wait(lambda: home.settled(work) and work.settled(home), "the folders to be in sync")


def _same_files(home: Instance, work: Instance) -> bool:
    names = ("library.json", "library.journal", "library.catalog.json")
    return all(
        (home.folder / name).exists()
        and (work.folder / name).exists()
        and (home.folder / name).read_bytes() == (work.folder / name).read_bytes()
        for name in names
    )


def _conflict_copies(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if ".sync-conflict-" in path.name]


def test_two_syncthing_instances_sync_a_library_both_ways_and_lose_nothing(
    pair: tuple[Instance, Instance],
) -> None:
    home, work = pair
    at_home = Library(home.folder / "library.json", device="home")
    at_home.import_files([FIRST_SEED])
    _wait(lambda: _same_files(home, work), "the library to reach the other machine")
    papers = at_home.search(View()).ids()

    at_work = Library(work.folder / "library.json", device="work")
    at_work.apply(AddTags(["tagged at work"]), [papers[0]])
    _wait(lambda: _same_files(home, work), "work's change to reach home")
    at_home.check_for_changes()
    assert at_home.entry(papers[0]).state.tags == ("tagged at work",)

    work.stop()  # the work machine is off: each side changes the journal on its own
    at_home.apply(AddTags(["tagged at home"]), [papers[1]])
    at_work.apply(AddTags(["tagged at work, apart"]), [papers[2]])
    home.rest("POST", f"/rest/db/scan?folder={FOLDER_ID}")
    work.start()
    _wait(lambda: _answers(work), "the work machine's Syncthing to start again")
    _wait(
        lambda: bool(_conflict_copies(home.folder) or _conflict_copies(work.folder)),
        "Syncthing's conflict copy",
        home,
        work,
    )
    _synced(home, work)

    for library, instance in ((at_home, home), (at_work, work)):
        if _conflict_copies(instance.folder):
            change = library.check_for_changes()
            assert change is not None and change.merged[0].startswith("Merged the conflict copy")
            _synced(home, work)
    _wait(lambda: _same_files(home, work), "the merged library on both machines")
    _synced(home, work)
    shared = home.rest("GET", f"/rest/db/browse?folder={FOLDER_ID}")
    assert isinstance(shared, list)
    names = {entry["name"] for entry in shared}
    assert {"library.json", "library.journal", "library.catalog.json", FOLDER} <= names
    assert not [name for name in names if name.startswith(".~")], "a lock or temp file synced"
    for instance in (home, work):
        assert not _conflict_copies(instance.folder)
        assert _conflict_copies(instance.folder / FOLDER)
        library = Library(instance.folder / "library.json", device="judge")
        tags = [library.entry(pid).state.tags for pid in papers[:3]]
        assert tags == [("tagged at work",), ("tagged at home",), ("tagged at work, apart",)]
