internal import CLibXML2
import Glibc

extension XMLTreeElement {
    /// The concatenation of all text and CDATA below this element, in document order.
    ///
    /// Comments and processing instructions are skipped but never end the text: for
    /// `a@b<!---->.c` this returns `a@b.c`, never `a@b` (CVE-2018-7340 class).
    public var textContent: String {
        // A single text node, the usual case, becomes a String without an intermediate array.
        if let only = node.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
            let content = only.pointee.content
        {
            return String(decoding: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))), as: UTF8.self)
        }
        return String(decoding: textBytes, as: UTF8.self)
    }

    /// Whether ``textContent``, without leading and trailing XML whitespace, equals `value`; compared
    /// on bytes, without building a String.
    public func trimmedTextEquals(_ value: String) -> Bool {
        if let only = node.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
            let content = only.pointee.content
        {
            return Self.trimmed(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))), equals: value)
        }
        return textBytes.withUnsafeBufferPointer { Self.trimmed($0, equals: value) }
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, equals value: String) -> Bool {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else {
            return value.isEmpty
        }
        var value = value
        return value.withUTF8 { utf8 in
            utf8.count == end - start + 1 && memcmp(bytes.baseAddress! + start, utf8.baseAddress!, utf8.count) == 0
        }
    }

    /// The bytes of ``textContent``; a single text node (the usual case) is copied in one go.
    var textBytes: [UInt8] {
        if let only = node.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
            let content = only.pointee.content
        {
            return Array(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
        }
        var bytes: [UInt8] = []
        Self.walkAll(from: node) { current in
            let type = current.pointee.type
            if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
            }
        }
        return bytes
    }

    /// The element's text decoded as base64 (XML whitespace ignored), or `nil` when it is not base64.
    public var base64DecodedContent: [UInt8]? {
        textBytes.withUnsafeBufferPointer { Base64.decode(bytes: $0) }
    }

    /// Whether a comment or processing instruction sits anywhere below this element.
    public var containsCommentOrProcessingInstruction: Bool {
        var found = false
        Self.walkAll(from: node) { current in
            let type = current.pointee.type
            if type == XML_COMMENT_NODE || type == XML_PI_NODE { found = true }
        }
        return found
    }

    /// Whether any child element exists.
    public var hasChildElements: Bool {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return true }
            child = current.pointee.next
        }
        return false
    }

    /// Visits `root` and then every node below it (all types) in document order, iteratively.
    static func walkSubtree(of root: xmlNodePtr, _ visit: (xmlNodePtr) -> Void) {
        visit(root)
        walkAll(from: root, visit)
    }

    /// Visits every descendant node of `root` (all types), iteratively.
    static func walkAll(from root: xmlNodePtr, _ visit: (xmlNodePtr) -> Void) {
        var current = root.pointee.children
        while let node = current {
            visit(node)
            if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
                current = child
                continue
            }
            var climb: xmlNodePtr? = node
            current = nil
            while let candidate = climb, candidate != root {
                if let next = candidate.pointee.next {
                    current = next
                    break
                }
                climb = candidate.pointee.parent
            }
        }
    }

    // MARK: Mutation (signing and test tooling)

    /// Replaces all children with a single text node holding `text` (escaped by libxml2 on output).
    public func setText(_ text: String) {
        xmlNodeSetContent(node, nil)
        xmlNodeAddContent(node, text)
    }

    /// Removes this element from the tree and frees it. The value must not be used afterwards.
    public func remove() {
        xmlUnlinkNode(node)
        xmlFreeNode(node)
    }
}
