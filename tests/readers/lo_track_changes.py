#!/usr/bin/python3
"""Opens a Word file in LibreOffice (headless, through Python-UNO), accepts or rejects
every tracked change, and writes the text that remains, one paragraph a line.

    lo_track_changes.py accept|reject|none IN.docx OUT.txt

What a Word-only reader of a redline gets from "Accept all" and "Reject all"."""
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    action, source, target = sys.argv[1:4]
    if action not in ("accept", "reject", "none"):
        sys.exit("usage: lo_track_changes.py accept|reject|none IN.docx OUT.txt")
    with tempfile.TemporaryDirectory() as profile:
        pipe = "accord_lo_%d" % os.getpid()
        office = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             "-env:UserInstallation=file://" + profile, "--accept=pipe,name=%s;urp;" % pipe],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
            ctx = None
            for _ in range(600):
                try:
                    ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                    break
                except NoConnectException:
                    if office.poll() is not None:
                        sys.exit("soffice stopped before it answered")
                    time.sleep(0.1)
            if ctx is None:
                sys.exit("soffice did not answer")
            smgr = ctx.ServiceManager
            desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            url = uno.systemPathToFileUrl(os.path.abspath(source))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True), prop("ReadOnly", False)))
            if doc is None:
                sys.exit("LibreOffice could not open " + source)
            if action != "none":
                dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
                command = ".uno:AcceptAllTrackedChanges" if action == "accept" else ".uno:RejectAllTrackedChanges"
                dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
            lines = []
            paragraphs = doc.getText().createEnumeration()
            while paragraphs.hasMoreElements():
                p = paragraphs.nextElement()
                if p.supportsService("com.sun.star.text.Paragraph"):
                    lines.append(p.getString())
                elif p.supportsService("com.sun.star.text.TextTable"):
                    for name in p.getCellNames():
                        lines.append(p.getCellByName(name).getString())
            notes = doc.getFootnotes()
            for i in range(notes.getCount()):
                lines.append("[note] " + notes.getByIndex(i).getString())
            changes = doc.getRedlines().getCount() if hasattr(doc, "getRedlines") else -1
            doc.close(True)
            with open(target, "w", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
            print(changes)
        finally:
            try:
                desktop.terminate()
            except Exception:
                pass
            try:
                office.wait(timeout=20)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    main()
