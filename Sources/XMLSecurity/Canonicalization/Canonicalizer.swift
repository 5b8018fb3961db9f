internal import CLibXML2

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
        var scope = VisibilityScope(root: element.node, excluded: excluding?.node)
        return try withUnsafeMutablePointer(to: &scope) { scopePointer throws(XMLSecurityError) in
            try execute(element.tree, method: method, callback: isVisibleInScope, userData: UnsafeMutableRawPointer(scopePointer))
        }
    }

    /// The canonical form of a whole document (what `xmllint --exc-c14n` prints), optionally leaving
    /// out one element's subtree (an enveloped signature referenced with `URI=""`).
    public static func canonicalize(
        _ tree: XMLTree, method: CanonicalizationMethod, excluding: XMLTreeElement? = nil
    ) throws(XMLSecurityError) -> [UInt8] {
        guard let excluding else {
            return try execute(tree, method: method, callback: nil, userData: nil)
        }
        // The document node is every node's last ancestor, so it stands for "the whole document".
        let documentNode = UnsafeMutableRawPointer(tree.document).assumingMemoryBound(to: xmlNode.self)
        var scope = VisibilityScope(root: documentNode, excluded: excluding.node)
        return try withUnsafeMutablePointer(to: &scope) { scopePointer throws(XMLSecurityError) in
            try execute(tree, method: method, callback: isVisibleInScope, userData: UnsafeMutableRawPointer(scopePointer))
        }
    }

    private static func execute(
        _ tree: XMLTree, method: CanonicalizationMethod, callback: xmlC14NIsVisibleCallback?, userData: UnsafeMutableRawPointer?
    ) throws(XMLSecurityError) -> [UInt8] {
        let sink = ByteSink()
        let sinkPointer = Unmanaged.passRetained(sink)
        guard let output = xmlOutputBufferCreateIO(appendToSink, releaseSink, sinkPointer.toOpaque(), nil) else {
            sinkPointer.release()
            throw XMLSecurityError(.cryptoFailure, "xmlOutputBufferCreateIO failed (out of memory).")
        }
        let (mode, prefixes, comments) = parameters(of: method)
        let status = withInclusivePrefixes(prefixes) { list in
            xmlC14NExecute(tree.document, callback, userData, mode, list, comments ? 1 : 0, output)
        }
        // Closing flushes and calls releaseSink, which balances passRetained.
        xmlOutputBufferClose(output)
        guard status >= 0 else {
            throw XMLSecurityError(.malformed, "xmlC14NExecute failed to canonicalize the document.")
        }
        return sink.bytes
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
        defer { list.forEach { CLibXML2_xmlFree($0) } }
        return list.withUnsafeMutableBufferPointer { body($0.baseAddress) }
    }
}

private struct VisibilityScope {
    let root: xmlNodePtr
    let excluded: xmlNodePtr?
}

private final class ByteSink {
    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(8 * 1024)
    }
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

private func appendToSink(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafePointer<CChar>?, _ length: Int32) -> Int32 {
    guard let context, let buffer, length > 0 else { return length }
    let sink = Unmanaged<ByteSink>.fromOpaque(context).takeUnretainedValue()
    buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
    }
    return length
}

private func releaseSink(_ context: UnsafeMutableRawPointer?) -> Int32 {
    if let context { Unmanaged<ByteSink>.fromOpaque(context).release() }
    return 0
}
