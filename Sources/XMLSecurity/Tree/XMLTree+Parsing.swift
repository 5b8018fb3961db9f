internal import CLibXML2
import Foundation

extension XMLTree {
    /// Parses untrusted XML with every libxml2 feature that reaches outside the bytes switched off.
    ///
    /// - No network (`XML_PARSE_NONET`), no DTD loading, no entity substitution, no XInclude.
    /// - A DOCTYPE stops the parser the moment it is seen, before any entity declaration is read,
    ///   so billion-laughs and XXE payloads are never expanded.
    /// - Size is checked before parsing; nesting depth is checked at every start tag.
    /// - libxml2's errors are read from this parse's own context (its global handlers are per thread).
    /// - Documents with namespace errors (an undeclared prefix) are refused: libxml2 would otherwise
    ///   keep `saml:Assertion` as an un-namespaced element name.
    public static func parse(_ bytes: [UInt8], limits: XMLParserLimits = .default) throws(XMLSecurityError) -> XMLTree {
        guard bytes.count <= limits.maxBytes else {
            throw XMLSecurityError(.inputTooLarge, "The document has \(bytes.count) bytes; the limit is \(limits.maxBytes).")
        }
        guard !bytes.isEmpty else {
            throw XMLSecurityError(.malformed, "The document is empty.")
        }
        LibXML2.initializeOnce()
        guard let context = xmlNewParserCtxt() else {
            throw XMLSecurityError(.cryptoFailure, "xmlNewParserCtxt failed (out of memory).")
        }
        defer { xmlFreeParserCtxt(context) }

        var guardState = ParseGuard(maxDepth: limits.maxDepth)
        context.pointee.sax.pointee.internalSubset = refuseDocumentType
        context.pointee.sax.pointee.startElementNs = startElementWithinDepth

        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_COMPACT.rawValue)
        let document = withUnsafeMutablePointer(to: &guardState) { state in
            context.pointee._private = UnsafeMutableRawPointer(state)
            defer { context.pointee._private = nil }
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    xmlCtxtReadMemory(context, $0.baseAddress, Int32($0.count), nil, nil, options)
                }
            }
        }

        if guardState.sawDocumentType {
            if let document { xmlFreeDoc(document) }
            throw XMLSecurityError(.doctypeForbidden, "The document contains a DOCTYPE declaration; DTDs and entities are never accepted.")
        }
        if guardState.depthExceeded {
            if let document { xmlFreeDoc(document) }
            throw XMLSecurityError(.tooDeep, "Elements are nested deeper than \(limits.maxDepth) levels.")
        }
        guard let document else {
            throw XMLSecurityError(.malformed, "The document is not well-formed XML (\(lastError(of: context))).")
        }
        let tree = XMLTree(takingOwnership: document)
        guard context.pointee.wellFormed != 0, context.pointee.nsWellFormed != 0 else {
            throw XMLSecurityError(.malformed, "The document has namespace errors (\(lastError(of: context))).")
        }
        guard !tree.hasDocumentTypeDeclaration else {
            throw XMLSecurityError(.doctypeForbidden, "The document contains a DOCTYPE declaration; DTDs and entities are never accepted.")
        }
        guard xmlDocGetRootElement(document) != nil else {
            throw XMLSecurityError(.malformed, "The document has no root element.")
        }
        return tree
    }

    /// Parses a `Data`-like byte collection; see ``parse(_:limits:)``.
    public static func parse(_ bytes: some Collection<UInt8>, limits: XMLParserLimits = .default) throws(XMLSecurityError) -> XMLTree {
        try parse(Array(bytes), limits: limits)
    }

    private static func lastError(of context: xmlParserCtxtPtr) -> String {
        guard let error = xmlCtxtGetLastError(context), let message = error.pointee.message else {
            return "no detail from libxml2"
        }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return "line \(error.pointee.line): \(text)"
    }
}

/// Per-parse state shared with the SAX hooks through the parser context's `_private` slot; it lives
/// on the stack of `parse` for exactly the duration of `xmlCtxtReadMemory`.
private struct ParseGuard {
    let maxDepth: Int
    var sawDocumentType = false
    var depthExceeded = false

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> (xmlParserCtxtPtr, UnsafeMutablePointer<ParseGuard>)? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let state = parser.pointee._private else { return nil }
        return (parser, state.assumingMemoryBound(to: ParseGuard.self))
    }
}

/// Called by libxml2 when it reads `<!DOCTYPE name …`, before the internal subset: stop right there.
private func refuseDocumentType(
    _ context: UnsafeMutableRawPointer?, _ name: UnsafePointer<xmlChar>?,
    _ externalID: UnsafePointer<xmlChar>?, _ systemID: UnsafePointer<xmlChar>?
) {
    guard let (parser, state) = ParseGuard.from(context) else { return }
    state.pointee.sawDocumentType = true
    xmlStopParser(parser)
}

/// Depth check at every start tag, then libxml2's own tree builder.
private func startElementWithinDepth(
    _ context: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?,
    _ uri: UnsafePointer<xmlChar>?, _ namespaceCount: Int32, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
    _ attributeCount: Int32, _ defaultedCount: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    if let (parser, state) = ParseGuard.from(context), Int(parser.pointee.nameNr) + 1 > state.pointee.maxDepth {
        state.pointee.depthExceeded = true
        xmlStopParser(parser)
        return
    }
    xmlSAX2StartElementNs(
        context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount, attributes)
}
