internal import CLibXML2

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
    public func `is`(_ localName: String, in namespace: String) -> Bool {
        Self.matches(node, localName, namespace)
    }

    static func matches(_ node: xmlNodePtr, _ localName: String, _ namespace: String) -> Bool {
        guard node.pointee.type == XML_ELEMENT_NODE, let ns = node.pointee.ns else { return false }
        var localName = localName
        var namespace = namespace
        return localName.withUTF8 { name in
            namespace.withUTF8 { uri in
                equals(node.pointee.name, name) && equals(ns.pointee.href, uri)
            }
        }
    }

    private static func equals(_ cString: UnsafePointer<xmlChar>?, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let cString else { return false }
        for index in 0..<utf8.count where cString[index] != utf8[index] {
            return false
        }
        return cString[utf8.count] == 0
    }

    // MARK: Attributes

    /// The value of an attribute that has no namespace (`ID`, `Destination`, …).
    public func attribute(_ name: String) -> String? {
        attributeNode(name, namespace: nil).map(Self.attributeValue)
    }

    /// The value of a namespace-qualified attribute (`xsi:type`, …).
    public func attribute(_ name: String, namespace: String) -> String? {
        attributeNode(name, namespace: namespace).map(Self.attributeValue)
    }

    private func attributeNode(_ name: String, namespace: String?) -> xmlAttrPtr? {
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard xmlStrEqual(current.pointee.name, name) != 0 else { continue }
            switch (current.pointee.ns, namespace) {
            case (nil, nil):
                return current
            case (let ns?, let namespace?) where xmlStrEqual(ns.pointee.href, namespace) != 0:
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
            return String(cString: content)
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
    public var children: [XMLTreeElement] {
        var result: [XMLTreeElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(XMLTreeElement(tree: tree, node: current))
            }
            child = current.pointee.next
        }
        return result
    }

    /// Child elements with the given name, in document order.
    public func children(_ localName: String, in namespace: String) -> [XMLTreeElement] {
        var result: [XMLTreeElement] = []
        var child = node.pointee.children
        while let current = child {
            if Self.matches(current, localName, namespace) {
                result.append(XMLTreeElement(tree: tree, node: current))
            }
            child = current.pointee.next
        }
        return result
    }

    /// The first child element with the given name.
    public func firstChild(_ localName: String, in namespace: String) -> XMLTreeElement? {
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
    public func descendants(_ localName: String, in namespace: String) -> [XMLTreeElement] {
        var result: [XMLTreeElement] = []
        Self.walkElements(from: node.pointee.children, siblings: true) { current in
            if Self.matches(current, localName, namespace) {
                result.append(XMLTreeElement(tree: tree, node: current))
            }
            return true
        }
        return result
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
        var bytes: [UInt8] = []
        Self.walkAll(from: node) { current in
            let type = current.pointee.type
            if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                var index = 0
                while content[index] != 0 {
                    bytes.append(content[index])
                    index += 1
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
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
