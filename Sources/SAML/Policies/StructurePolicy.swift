import XMLSecurity

/// A check on the shape of a document, run before any signature is trusted or any claim is read.
protocol StructurePolicy: Sendable {
    /// `nil` when the document passes, otherwise the reason it is refused.
    func check(_ document: DocumentStructure) -> SAMLError?
}
