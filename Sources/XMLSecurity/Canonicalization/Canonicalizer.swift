internal import CLibXML2
import Foundation

/// Canonicalizes documents and subtrees with libxml2's C14N implementation.
///
/// A subtree is expressed as libxml2's visibility callback: a node is visible when it lies under
/// `element` and not under `excluding` (the enveloped-signature transform). This is the same node set
/// xmlsec builds with XPath, without evaluating XPath.
public enum Canonicalizer {
    /// The canonical form of `element`'s subtree, leaving out `excluding` and everything below it.
    public static func canonicalize(
        _ element: XMLTreeElement, method: CanonicalizationMethod, excluding: XMLTreeElement? = nil
    ) throws(XMLSecurityError) -> [UInt8] {
        try withCanonicalBytes(element, method: method, excluding: excluding) { Array($0) }
    }

    /// The canonical form of a whole document (what `xmllint --exc-c14n` prints), optionally leaving
    /// out one element's subtree (an enveloped signature referenced with `URI=""`).
    public static func canonicalize(
        _ tree: XMLTree, method: CanonicalizationMethod, excluding: XMLTreeElement? = nil
    ) throws(XMLSecurityError) -> [UInt8] {
        try withCanonicalBytes(tree, method: method, excluding: excluding) { Array($0) }
    }

    /// Canonicalizes `element` and passes the bytes, still in libxml2's buffer, to `body`.
    static func withCanonicalBytes<R>(
        _ element: XMLTreeElement, method: CanonicalizationMethod, excluding: XMLTreeElement?,
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(XMLSecurityError) -> R {
        guard excluding == nil else {
            return try canonicalizeInPlace(element, method: method, excluding: excluding, body)
        }
        return try canonicalizeFromElement(element, method: method, body)
    }

    /// Canonicalizes the whole document of `tree` and passes the bytes to `body`.
    static func withCanonicalBytes<R>(
        _ tree: XMLTree, method: CanonicalizationMethod, excluding: XMLTreeElement?, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(XMLSecurityError) -> R {
        guard let excluding else {
            return try execute(tree.document, method: method, callback: nil, userData: nil, body)
        }
        // The document node is every node's last ancestor, so it stands for "the whole document".
        let documentNode = UnsafeMutableRawPointer(tree.document).assumingMemoryBound(to: xmlNode.self)
        var scope = VisibilityScope(root: documentNode, excluded: excluding.node)
        return try withUnsafeMutablePointer(to: &scope) { scopePointer throws(XMLSecurityError) in
            try execute(tree.document, method: method, callback: isVisibleInScope, userData: UnsafeMutableRawPointer(scopePointer), body)
        }
    }

    /// The subtree through the visibility callback. libxml2 still walks the whole document (and
    /// parses every namespace URI in it), so this costs as much for a small subtree as for a large one.
    static func canonicalizeInPlace<R>(
        _ element: XMLTreeElement, method: CanonicalizationMethod, excluding: XMLTreeElement?,
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(XMLSecurityError) -> R {
        var scope = VisibilityScope(root: element.node, excluded: excluding?.node)
        return try withUnsafeMutablePointer(to: &scope) { scopePointer throws(XMLSecurityError) in
            try execute(
                element.tree.document, method: method, callback: isVisibleInScope, userData: UnsafeMutableRawPointer(scopePointer), body)
        }
    }

    /// A subtree (a SignedInfo) without walking the rest of the document.
    ///
    /// `xmlC14NExecute` starts its walk at `doc->children` and otherwise hands `doc` only to
    /// `xmlNodeListGetString` (which consults it for entity references, impossible here: DTDs are
    /// refused). A transient document header whose child list is `element` alone — its `next` link is
    /// cleared for the duration of the call and restored after; trees are never shared between threads
    /// — therefore makes libxml2 walk exactly the subtree, which the visibility callback also enforces. Namespace and `xml:` attribute lookups follow the nodes' own `parent` and `doc`
    /// pointers, which remain those of the real tree, so the output is byte-identical to the in-place
    /// walk (the tests compare both on every element of every fixture). Were a future libxml2 to walk
    /// differently, the bytes would differ and signatures would fail to verify: it fails closed.
    static func canonicalizeFromElement<R>(
        _ element: XMLTreeElement, method: CanonicalizationMethod, _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(XMLSecurityError) -> R {
        var header = xmlDoc()
        header.type = XML_DOCUMENT_NODE
        header.children = element.node
        var scope = VisibilityScope(root: element.node, excluded: nil)
        let next = element.node.pointee.next
        element.node.pointee.next = nil
        defer { element.node.pointee.next = next }
        return try withUnsafeMutablePointer(to: &header) { document throws(XMLSecurityError) in
            try withUnsafeMutablePointer(to: &scope) { scopePointer throws(XMLSecurityError) in
                // The tree owns everything the header points to; keep it alive across the call.
                try withExtendedLifetime(element.tree) { () throws(XMLSecurityError) in
                    try execute(document, method: method, callback: isVisibleInScope, userData: UnsafeMutableRawPointer(scopePointer), body)
                }
            }
        }
    }

    /// Runs libxml2's C14N into its own memory buffer and hands the bytes to `consume` before the
    /// buffer is freed, so a digest can be taken without copying the output.
    private static func execute<R>(
        _ document: xmlDocPtr, method: CanonicalizationMethod, callback: xmlC14NIsVisibleCallback?, userData: UnsafeMutableRawPointer?,
        _ consume: (UnsafeBufferPointer<UInt8>) -> R
    ) throws(XMLSecurityError) -> R {
        guard let output = xmlAllocOutputBuffer(nil) else {
            throw XMLSecurityError(.cryptoFailure, "xmlAllocOutputBuffer failed (out of memory).")
        }
        defer { xmlOutputBufferClose(output) }
        let (mode, prefixes, comments) = parameters(of: method)
        var detail = ""
        let status = withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(CLIBXML2_GENERIC_ERROR_CAPACITY)) { buffer in
            CLibXML2_captureGenericErrors(buffer.baseAddress)
            defer { CLibXML2_silenceGenericErrors() }
            let status = withInclusivePrefixes(prefixes) { list in
                xmlC14NExecute(document, callback, userData, mode, list, comments ? 1 : 0, output)
            }
            if status < 0 { detail = String(cString: buffer.baseAddress!).trimmingCharacters(in: .whitespacesAndNewlines) }
            return status
        }
        guard status >= 0 else {
            throw XMLSecurityError(.malformed, "xmlC14NExecute failed to canonicalize the document (\(detail.isEmpty ? "no detail" : detail)).")
        }
        return consume(UnsafeBufferPointer(start: xmlOutputBufferGetContent(output), count: Int(xmlOutputBufferGetSize(output))))
    }

    private static func parameters(of method: CanonicalizationMethod) -> (Int32, [String], Bool) {
        switch method {
        case .exclusive(let comments, let prefixes): (Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), prefixes, comments)
        case .inclusive10(let comments): (Int32(XML_C14N_1_0.rawValue), [], comments)
        case .inclusive11(let comments): (Int32(XML_C14N_1_1.rawValue), [], comments)
        }
    }

    private static func withInclusivePrefixes<R>(
        _ prefixes: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>?) -> R
    ) -> R {
        guard !prefixes.isEmpty else { return body(nil) }
        var list: [UnsafeMutablePointer<xmlChar>?] = prefixes.map { xmlStrdup($0) }
        list.append(nil)
        defer {
            for prefix in list { CLibXML2_xmlFree(prefix) }
        }
        return list.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }
}

private struct VisibilityScope {
    let root: xmlNodePtr
    let excluded: xmlNodePtr?
}

/// libxml2 calls this for every node, attribute and namespace node of the document.
/// Namespace nodes (`xmlNs`, whose `type` field sits at the same offset as `xmlNode`'s) have no parent
/// pointer, so their element is the second argument.
private func isVisibleInScope(_ userData: UnsafeMutableRawPointer?, _ node: xmlNodePtr?, _ parent: xmlNodePtr?) -> Int32 {
    guard let userData, let node else { return 0 }
    let scope = userData.assumingMemoryBound(to: VisibilityScope.self)
    var current: xmlNodePtr? = node.pointee.type == XML_NAMESPACE_DECL ? parent : node
    let root = scope.pointee.root
    let excluded = scope.pointee.excluded
    while let candidate = current {
        if candidate == excluded { return 0 }
        if candidate == root { return 1 }
        current = candidate.pointee.parent
    }
    return 0
}
