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
}
