import XMLSecurity

/// No two elements share an `ID` (or `Id`): a reference `#x` must name exactly one element.
struct UniqueIdentifierPolicy: StructurePolicy {
    func check(_ document: DocumentStructure) -> SAMLError? {
        guard let duplicate = document.duplicateIdentifier else { return nil }
        return SAMLError(
            .duplicateID, "The ID \(Quoted.value(duplicate)) occurs more than once; signature references would be ambiguous.")
    }
}
