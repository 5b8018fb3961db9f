#!/usr/bin/env python3
"""libxmlsec1 baseline for `GatehouseBenchmarks saml-verify`.

Verifies the very same Response bytes in-process with libxmlsec1 (through python-xmlsec, which bundles
libxmlsec1 and libxml2 with lxml), the way an SP built on xmlsec does: parse, register the ID
attributes, find the Signature, verify it with the pinned certificate's key (loaded once).
Prints one JSON line: per-round throughputs and their median.
"""
import json
import statistics
import sys
import time

import lxml.etree as etree
import xmlsec


def main() -> None:
    response_path, cert_path, rounds, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    data = open(response_path, "rb").read()
    key = xmlsec.Key.from_file(cert_path, xmlsec.constants.KeyDataFormatCertPem)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)

    def verify_once() -> None:
        root = etree.fromstring(data, parser)
        xmlsec.tree.add_ids(root, ["ID"])
        signature = xmlsec.tree.find_node(root, xmlsec.constants.NodeSignature)
        context = xmlsec.SignatureContext()
        context.key = key
        context.verify(signature)  # raises on failure

    for _ in range(max(iterations // 10, 10)):  # warm-up
        verify_once()
    per_second = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            verify_once()
        per_second.append(iterations / (time.perf_counter() - start))
    print(json.dumps({
        "median_per_second": statistics.median(per_second),
        "rounds": per_second,
        "libxmlsec1": ".".join(map(str, xmlsec.get_libxmlsec_version())),
        "libxml2": ".".join(map(str, xmlsec.get_libxml_version())),
    }))


if __name__ == "__main__":
    main()
