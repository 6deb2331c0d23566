"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).

One <testsuite> in <testsuites>; one <testcase> per input linted, named by its path, which
passes when the input has no findings; one <failure> per finding (an <error> for DL001, an
input that could not be read). Characters XML 1.0 cannot carry are removed from page text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .base import Formatter
from .escape import message, xml_text
from .escape import path as shown_path


class JunitFormatter(Formatter):
    def __init__(self, stream, **options):
        super().__init__(stream, **options)
        self.suite = ET.Element("testsuite", name="disclosurelint")
        self.tests = self.failures = self.errors = 0

    def handle(self, findings, *, path=None, source=None) -> None:
        name = xml_text(shown_path(path if path is not None else (findings[0].path if findings else "-")))
        case = ET.SubElement(self.suite, "testcase", name=name, classname="disclosurelint", file=name)
        self.tests += 1
        for f in findings:
            where = f"{xml_text(shown_path(f.path))}:{f.line}:{f.column}"
            tag = "error" if f.code == "DL001" else "failure"
            element = ET.SubElement(case, tag, message=xml_text(f"{f.code} {message(f.message)}"), type=f"{f.code} {f.name}")
            element.text = f"{where}: {f.code} [{f.severity}] {xml_text(message(f.message))}"
            if f.fix:
                element.text += f"\nFix: {xml_text(f.fix)}"
            if tag == "error":
                self.errors += 1
            else:
                self.failures += 1

    def finish(self, summary) -> None:
        counts = {"tests": str(self.tests), "failures": str(self.failures), "errors": str(self.errors), "skipped": "0"}
        self.suite.attrib.update(counts)
        root = ET.Element("testsuites", name="disclosurelint", tests=counts["tests"],
                          failures=counts["failures"], errors=counts["errors"])
        root.append(self.suite)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode") + "\n")
