internal import CLibXML2
import Glibc

/// An element inside an ``XMLTree``: a non-owning view that keeps its tree alive.
///
/// Names and namespaces are compared against libxml2's own strings without building Swift strings,
/// because SAML validation asks "is this `saml:Assertion`?" hundreds of times per response.
public struct XMLTreeElement {
    public let tree: XMLTree
    let node: xmlNodePtr

    init(tree: XMLTree, node: xmlNodePtr) {
        self.tree = tree
        self.node = node
    }

    // MARK: Identity and names

    /// Whether both values denote the very same node (not merely equal content).
    public func isSameNode(as other: XMLTreeElement) -> Bool {
        node == other.node
    }

    public var localName: String {
        String(cString: node.pointee.name)
    }

    public var namespaceURI: String? {
        guard let ns = node.pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    /// The line of the start tag, for messages that point an admin at the offending spot.
    public var line: Int {
        Int(xmlGetLineNo(node))
    }

    /// Whether this element has the given local name in the given namespace.
    ///
    /// Names are `StaticString`s: every name SAML and XML-DSig look for is known at compile time, and
    /// comparing against static UTF-8 takes a couple of nanoseconds where a `String` costs ten.
    public func `is`(_ localName: StaticString, in namespace: StaticString) -> Bool {
        Self.matches(node, localName, namespace)
    }

    static func matches(_ node: xmlNodePtr, _ localName: StaticString, _ namespace: StaticString) -> Bool {
        guard node.pointee.type == XML_ELEMENT_NODE, let ns = node.pointee.ns else { return false }
        return equals(node.pointee.name, localName) && equals(ns.pointee.href, namespace)
    }

    @inline(__always)
    static func equals(_ cString: UnsafePointer<xmlChar>?, _ string: StaticString) -> Bool {
        guard let cString else { return false }
        let bytes = string.utf8Start
        let count = string.utf8CodeUnitCount
        var index = 0
        while index < count {
            if cString[index] != bytes[index] { return false }
            index += 1
        }
        return cString[count] == 0
    }

    /// Byte comparison of a libxml2 string with a Swift string (its whole UTF-8, embedded NULs
    /// included), without bridging or allocating.
    static func equals(_ cString: UnsafePointer<xmlChar>?, _ string: String) -> Bool {
        guard let cString else { return false }
        var string = string
        return string.withUTF8 { utf8 in
            // strnlen reads at most count + 1 bytes, so a shorter libxml2 string is never overrun.
            cString.withMemoryRebound(to: CChar.self, capacity: utf8.count + 1) { strnlen($0, utf8.count + 1) } == utf8.count
                && (utf8.isEmpty || memcmp(cString, utf8.baseAddress!, utf8.count) == 0)
        }
    }

    // MARK: Attributes

    /// The value of an attribute that has no namespace (`ID`, `Destination`, …).
    public func attribute(_ name: StaticString) -> String? {
        attributeNode(name, namespace: nil).map(Self.attributeValue)
    }

    /// Whether the un-namespaced attribute `name` is present with exactly `value`, compared without
    /// building a String.
    public func attribute(_ name: StaticString, equals value: String) -> Bool {
        guard let attribute = attributeNode(name, namespace: nil) else { return false }
        if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE {
            return Self.equals(child.pointee.content, value)
        }
        return Self.attributeValue(attribute) == value
    }

    /// Calls `body` with the UTF-8 bytes of the un-namespaced attribute `name`, read in place; `nil` when
    /// the attribute is absent. For values that are parsed rather than kept (timestamps).
    public func withAttributeBytes<R>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let attribute = attributeNode(name, namespace: nil) else { return nil }
        if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
            let content = child.pointee.content
        {
            return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
        }
        var value = Self.attributeValue(attribute)
        return value.withUTF8(body)
    }

    /// The value of a namespace-qualified attribute (`xsi:type`, …).
    public func attribute(_ name: StaticString, namespace: StaticString) -> String? {
        attributeNode(name, namespace: namespace).map(Self.attributeValue)
    }

    private func attributeNode(_ name: StaticString, namespace: StaticString?) -> xmlAttrPtr? {
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard Self.equals(current.pointee.name, name) else { continue }
            switch (current.pointee.ns, namespace) {
            case (nil, nil):
                return current
            case (let ns?, let namespace?) where Self.equals(ns.pointee.href, namespace):
                return current
            default:
                continue
            }
        }
        return nil
    }

    static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        // Without a DTD an attribute value is at most one text node; fall back to libxml2 otherwise.
        if let child = attribute.pointee.children, child.pointee.next == nil, child.pointee.type == XML_TEXT_NODE,
            let content = child.pointee.content
        {
            return String(decoding: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))), as: UTF8.self)
        }
        if attribute.pointee.children == nil { return "" }
        guard let value = xmlNodeListGetString(attribute.pointee.doc, attribute.pointee.children, 1) else { return "" }
        defer { CLibXML2_xmlFree(value) }
        return String(cString: value)
    }

    /// The names of all attributes, qualified as `{namespace}name` when namespaced.
    public var attributeNames: [String] {
        var names: [String] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            let name = String(cString: current.pointee.name)
            if let ns = current.pointee.ns, let href = ns.pointee.href {
                names.append("{\(String(cString: href))}\(name)")
            } else {
                names.append(name)
            }
        }
        return names
    }

    // MARK: Navigation

    /// The parent element, or `nil` for the document element.
    public var parent: XMLTreeElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLTreeElement(tree: tree, node: parent)
    }

    /// Child elements in document order.
    public var children: XMLChildElements {
        XMLChildElements(tree: tree, firstNode: node.pointee.children, name: nil)
    }

    /// Child elements with the given name, in document order.
    public func children(_ localName: StaticString, in namespace: StaticString) -> XMLChildElements {
        XMLChildElements(tree: tree, firstNode: node.pointee.children, name: (localName, namespace))
    }

    /// The first child element with the given name.
    public func firstChild(_ localName: StaticString, in namespace: StaticString) -> XMLTreeElement? {
        var child = node.pointee.children
        while let current = child {
            if Self.matches(current, localName, namespace) {
                return XMLTreeElement(tree: tree, node: current)
            }
            child = current.pointee.next
        }
        return nil
    }

    /// Every element below this one (not itself) with the given name, in document order.
    public func descendants(_ localName: StaticString, in namespace: StaticString) -> [XMLTreeElement] {
        var result: [XMLTreeElement] = []
        Self.walkElements(from: node.pointee.children, siblings: true) { current in
            if Self.matches(current, localName, namespace) {
                result.append(XMLTreeElement(tree: tree, node: current))
            }
            return true
        }
        return result
    }

    /// The first child element, whatever its name.
    public var firstChildElement: XMLTreeElement? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return XMLTreeElement(tree: tree, node: current) }
            child = current.pointee.next
        }
        return nil
    }

    /// Calls `body` for every element below this one, in document order.
    public func forEachDescendant(_ body: (XMLTreeElement) -> Void) {
        Self.walkElements(from: node.pointee.children, siblings: true) { current in
            body(XMLTreeElement(tree: tree, node: current))
            return true
        }
    }

    /// Depth-first walk over elements starting at `start` (and, when `siblings`, its following
    /// siblings); `visit` returns false to stop. Iterative, so hostile depth cannot exhaust the stack.
    static func walkElements(from start: xmlNodePtr?, siblings: Bool = false, _ visit: (xmlNodePtr) -> Bool) {
        guard let start else { return }
        let boundary = start.pointee.parent
        var current: xmlNodePtr? = start
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE {
                guard visit(node) else { return }
                if let child = node.pointee.children {
                    current = child
                    continue
                }
            }
            // Next sibling, or climb until one exists (never above the starting level).
            var climb: xmlNodePtr? = node
            current = nil
            while let candidate = climb {
                if candidate == start && !siblings { return }
                if let next = candidate.pointee.next {
                    current = next
                    break
                }
                climb = candidate.pointee.parent
                if climb == boundary { return }
            }
        }
    }

    // MARK: Content

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
    private static func walkAll(from root: xmlNodePtr, _ visit: (xmlNodePtr) -> Void) {
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
